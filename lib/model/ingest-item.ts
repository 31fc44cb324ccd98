import { z } from "zod";

/** Where a record sits in its file: 0-based record index, and 1-based line when the format is line-based. */
export const RecordPosition = z.object({
  index: z.number().int().nonnegative(),
  line: z.number().int().positive().nullable(),
});
export type RecordPosition = z.infer<typeof RecordPosition>;

/** A record that could not be turned into a normalized row: kept in quarantine, never dropped. */
export const QuarantineItem = z.object({
  position: RecordPosition,
  reason: z.string(),
  /** The original text (or as much as could be read); truncated by the store if huge. */
  rawText: z.string(),
});
export type QuarantineItem = z.infer<typeof QuarantineItem>;

/** A record recognised and intentionally not ingested (e.g. a CloudTrail digest file), with a note. */
export const SkipItem = z.object({
  position: RecordPosition,
  reason: z.string(),
});
export type SkipItem = z.infer<typeof SkipItem>;
