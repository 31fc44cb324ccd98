import { z } from "zod";
import { setUserActive, setUserRole } from "@/lib/auth/mutations";
import { ROLES } from "@/lib/auth/permissions";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ id: z.string().min(1).max(64) });
const Body = z
  .object({ role: z.enum(ROLES).optional(), active: z.boolean().optional() })
  .strict()
  .refine((b) => b.role !== undefined || b.active !== undefined, "send role and/or active");

/**
 * PATCH /api/users/:id {role?, active?} (admin): change the role; deactivate (every session revoked at once) or
 * reactivate. The last active admin cannot be demoted or deactivated, nor can you deactivate yourself.
 */
export const PATCH = route({ permission: "users:manage", params: Params, body: Body }, async ({ actor, params, body, meta }) => {
  const store = await getStore();
  if (body.role) await setUserRole(store, actor, params.id, body.role, meta);
  const result = body.active === undefined ? { revokedSessions: 0 } : await setUserActive(store, actor, params.id, body.active, meta);
  return { ok: true, ...result };
});
