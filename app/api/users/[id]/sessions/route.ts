import { z } from "zod";
import { listUserSessions } from "@/lib/auth/queries";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/users/:id/sessions → { sessions: [{id, createdAt, expiresAt, ipAddress, userAgent}] } (admin). */
export const GET = route({ permission: "users:manage", params: z.object({ id: z.string().min(1).max(64) }) }, async ({ params }) => ({
  sessions: await listUserSessions((await getStore()).prisma, params.id),
}));
