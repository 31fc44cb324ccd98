import { z } from "zod";
import { revokeToken } from "@/lib/auth/tokens/mutations";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** DELETE /api/tokens/:id revokes the token (it stops working at once); answers its updated view. */
export const DELETE = route({ permission: "tokens:manage", params: z.object({ id: z.uuid() }) }, async ({ actor, params, meta }) => ({
  token: await revokeToken(await getStore(), actor, params.id, meta),
}));
