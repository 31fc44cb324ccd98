import { z } from "zod";
import { revokeSession } from "@/lib/auth/mutations";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ id: z.string().min(1).max(64), sessionId: z.string().min(1).max(64) });

/** DELETE /api/users/:id/sessions/:sessionId → revokes that session (admin). */
export const DELETE = route({ permission: "users:manage", params: Params }, async ({ actor, params, meta }) => {
  await revokeSession(await getStore(), actor, params.id, params.sessionId, meta);
  return { ok: true };
});
