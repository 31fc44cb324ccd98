import "server-only";
import type { Store } from "@/lib/db";
import { runEventRetention } from "./mutations";
import { describeRetention, eventRetentionDays } from "./policy";

const GLOBAL_KEY = Symbol.for("aftermath.eventRetention");
type G = typeof globalThis & { [GLOBAL_KEY]?: NodeJS.Timeout };

/** How often the server re-runs event retention (it also runs at start and after each ingest). */
export const RETENTION_EVERY_MS = 6 * 3600_000;

/** Runs retention and logs what it removed; never throws (a failed run is logged and retried next time). */
export async function retentionQuietly(store: Store, why: string): Promise<void> {
  try {
    const r = await runEventRetention(store);
    if (r && (r.partitions.length || r.quarantined || r.skipped)) console.log(`[retention] ${why}: ${describeRetention(r)}`);
  } catch (e) {
    console.error(`[retention] ${why}: failed:`, e instanceof Error ? e.message : e);
  }
}

/** At server start, then every RETENTION_EVERY_MS (once per process; the timer does not keep the process alive). */
export function startEventRetention(getStore: () => Promise<Store>): void {
  const g = globalThis as G;
  if (g[GLOBAL_KEY] || eventRetentionDays() === null) return;
  const run = () =>
    getStore()
      .then((s) => retentionQuietly(s, "scheduled"))
      .catch((e) => console.error("[retention] store unavailable:", e instanceof Error ? e.message : e));
  void run();
  g[GLOBAL_KEY] = setInterval(run, RETENTION_EVERY_MS);
  g[GLOBAL_KEY].unref();
}
