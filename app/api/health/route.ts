import { storeHealth } from "@/lib/db/health";
import { unavailable } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/health: 200 when the store is open, migrated and answers within its deadline; 503 otherwise; with read replicas, each one's state. */
export const GET = route({ permission: "public" }, async () => {
  const h = await storeHealth();
  if (!h.ok) throw unavailable("The store is unavailable.");
  return h.replicas ? { ok: true, store: h.store, replicas: h.replicas } : { ok: true, store: h.store };
});
