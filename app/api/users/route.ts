import { createUser, NewUserInput } from "@/lib/auth/mutations";
import { listUsers } from "@/lib/auth/queries";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/users → { users: [{id, email, name, role, banned, createdAt, activeSessions, providers}] } (admin). */
export const GET = route({ permission: "users:manage" }, async () => ({ users: await listUsers((await getStore()).prisma) }));

/** POST /api/users {email, name?, role, password} → 201 { user } (admin). 409 when the email exists. */
export const POST = route({ permission: "users:manage", body: NewUserInput, status: 201 }, async ({ actor, body, meta }) => ({
  user: await createUser(await getStore(), actor, body, meta),
}));
