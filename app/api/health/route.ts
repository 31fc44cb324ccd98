import { getStore } from "@/lib/db";
import { withErrors } from "@/lib/http/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/health: the store is open and migrated. */
export const GET = withErrors(async () => {
  const store = await getStore();
  await store.prisma.$queryRaw`SELECT 1`;
  return Response.json({ ok: true, store: store.kind });
});
