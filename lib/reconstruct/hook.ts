import "server-only";
import type { Store } from "@/lib/db";
import { withLock } from "@/lib/db/advisory-lock";
import type { IngestHooks } from "@/lib/ingest/ingest-file";
import { verifySafeguardsAfterIngest } from "@/lib/safeguards/mutations";
import { reconstructAfter } from "./index";

/**
 * The hook every ingest path runs after a file: incremental incident reconstruction over what changed.
 * A failure here never fails the ingest (the rows are stored); it is logged and `reconstruct` can be re-run.
 */
export function reconstructionHook(store: Store): IngestHooks["afterFile"] {
  return async (report, affected) => {
    if (!affected.sessionIds.length && affected.minTime === null) return;
    try {
      await reconstructAfter(store, affected);
    } catch (e) {
      console.error("[reconstruct] after ingest failed:", e);
      report.notes.push("incident reconstruction failed after this file; run `npx aftermath reconstruct`");
    }
    // one verification at a time across processes: a verdict change is snapshotted once
    await withLock(store, "safeguards", 0, () => verifySafeguardsAfterIngest(store, report, affected));
  };
}
