/** Time bounds for the event explorer: absolute ISO-8601 instants or relative durations ("24h" = 24 hours ago). */

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** "15m", "24h", "7d", "-2h" (a leading minus is accepted and means the same: ago). */
const RELATIVE = /^-?(\d{1,6})([smhdw])$/;

/** An ISO-8601 date or date-time; a missing zone means UTC (the whole UI is in UTC). */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Latest instant accepted (year 9999) and earliest (year 1970) — anything else is a typo or an attack. */
const MIN_MS = 0;
const MAX_MS = 253_402_300_799_999;

export function relativeDurationMs(value: string): number | null {
  const m = RELATIVE.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const ms = n * UNIT_MS[m[2] as Unit];
  return n > 0 && ms <= 3650 * UNIT_MS.d ? ms : null;
}

/** Parses an absolute ISO instant (zone-less = UTC). Returns epoch ms or null. */
export function parseIsoInstant(value: string): number | null {
  const v = value.trim();
  if (!ISO.test(v)) return null;
  let text = v.replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += "T00:00:00Z";
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) text += "Z";
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : null;
}

/** A time bound as written in the URL → epoch ms (relative values count back from `now`), or null when invalid. */
export function resolveTimeBound(value: string, now: number): number | null {
  const rel = relativeDurationMs(value);
  if (rel !== null) return now - rel;
  return parseIsoInstant(value);
}
