import { z } from "zod";

/** The only columns the event list can be sorted by (URL `sort=`). Anything else is ignored. */
export const SORT_KEYS = ["eventTime", "eventName", "eventSource", "principal", "risk", "region", "account"] as const;
export const SortKey = z.enum(SORT_KEYS);
export type SortKey = z.infer<typeof SortKey>;

export const SortDir = z.enum(["asc", "desc"]);
export type SortDir = z.infer<typeof SortDir>;

export const DEFAULT_SORT: SortKey = "eventTime";
export const DEFAULT_DIR: SortDir = "desc";

/** Direction a column sorts in when first clicked: newest / most severe first; names alphabetically. */
export function firstDirFor(key: SortKey): SortDir {
  return key === "eventTime" || key === "risk" ? "desc" : "asc";
}
