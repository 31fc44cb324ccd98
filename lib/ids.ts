/** Identifiers and instants as the app passes them around (pure; safe in client components). */

/** A UUID in its canonical text form, any case (row ids of incidents, sessions, sources). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a UUID: check route ids before they reach a `::uuid` cast. */
export function isUuid(id: string): boolean {
  return UUID_PATTERN.test(id);
}

/** An instant (a Date, epoch milliseconds, or text Date parses, as drivers return timestamps) as ISO-8601 UTC. */
export function toIso(v: Date | string | number): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** `toIso`, keeping a missing instant missing. */
export function toIsoOrNull(v: Date | string | number | null | undefined): string | null {
  return v === null || v === undefined ? null : toIso(v);
}
