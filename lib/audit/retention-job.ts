import "server-only";
import type { Store } from "@/lib/db";
import { withLock } from "@/lib/db/advisory-lock";
import { purgeAudit } from "./mutations";
import { auditRetentionDays } from "./retention";

const GLOBAL_KEY = Symbol.for("aftermath.auditRetention");
type G = typeof globalThis & { [GLOBAL_KEY]?: NodeJS.Timeout };

/** Purges now and then daily (once per process; the timer does not keep the process alive). */
export function startAuditRetention(getStore: () => Promise<Store>): void {
  const g = globalThis as G;
  if (g[GLOBAL_KEY] || auditRetentionDays() === null) return;
  const run = () =>
    getStore()
      // one purge at a time across the processes sharing the store
      .then((s) => withLock(s, "auditRetention", 0, () => purgeAudit(s)))
      .then((r) => {
        if (r?.deleted) console.log(`[audit] retention: purged ${r.deleted} row(s) older than ${r.cutoff}`);
      })
      .catch((e) => console.error("[audit] retention purge failed:", e));
  void run();
  g[GLOBAL_KEY] = setInterval(run, 86_400_000);
  g[GLOBAL_KEY].unref();
}
