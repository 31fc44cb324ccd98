import { createToken } from "@/lib/auth/tokens/mutations";
import { listTokens } from "@/lib/auth/tokens/queries";
import { CreateTokenBody } from "@/lib/auth/tokens/schemas";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/tokens: every token (never a hash or the token itself). */
export const GET = route({ permission: "tokens:manage" }, async () => ({ tokens: await listTokens(await getStore()) }));

/** POST /api/tokens {name, scope, kind, expires, ownerEmail?}: 201 with the token, shown this once. */
export const POST = route({ permission: "tokens:manage", body: CreateTokenBody, status: 201 }, async ({ actor, body, meta }) => {
  const { token, view } = await createToken(
    await getStore(),
    actor,
    {
      name: body.name,
      scope: body.scope,
      kind: body.kind,
      owner: body.ownerEmail ? { email: body.ownerEmail } : undefined,
      expiresAt: body.expires,
    },
    meta,
  );
  return { id: view.id, name: view.name, scope: view.scope, token, view };
});
