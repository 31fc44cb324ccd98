import { z } from "zod";
import { createFirstAdmin, Email, Password, UserName } from "@/lib/auth/mutations";
import { getAuth } from "@/lib/auth/server";
import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Body = z.object({ email: Email, name: UserName.optional(), password: Password }).strict();

/**
 * POST /api/setup {email, name?, password} → first run only: creates the admin account and signs it in (the
 * session cookie comes back). 404 once any user exists.
 */
export const POST = route({ permission: "public", body: Body }, async ({ body, meta, request }) => {
  const auth = await getAuth(); // creates the headless admin first, when configured
  const created = await createFirstAdmin(await getStore(), body, null, meta);
  if (!created) throw notFound("Setup is done: sign in instead.");
  const signIn = await auth.api.signInEmail({
    body: { email: body.email, password: body.password },
    headers: request.headers,
    asResponse: true,
  });
  const res = Response.json({ ok: true, user: created }, { status: 201, headers: { "cache-control": "no-store" } });
  for (const cookie of signIn.headers.getSetCookie()) res.headers.append("set-cookie", cookie);
  return res;
});
