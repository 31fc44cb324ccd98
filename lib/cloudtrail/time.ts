/**
 * CloudTrail eventTime parsing → milliseconds since the Unix epoch (UTC).
 * Accepts: ISO 8601 with `Z` or an offset (any number of fraction digits), `YYYY-MM-DD HH:MM:SS[.fff…]`
 * without a zone (taken as UTC, as Panther and CloudTrail Lake print it), basic ISO `20131102T010628Z`,
 * and epoch numbers (or numeric strings): seconds (floats allowed), milliseconds, microseconds or nanoseconds.
 */

const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)?$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Epoch number → ms, guessing the unit from the magnitude. */
export function epochToMs(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  const a = Math.abs(n);
  let ms: number;
  if (a < 1e11)
    ms = n * 1000; // seconds (until year 5138)
  else if (a < 1e14)
    ms = n; // milliseconds
  else if (a < 1e17)
    ms = n / 1000; // microseconds
  else ms = n / 1e6; // nanoseconds
  return Math.round(ms);
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(Z|z|UTC|GMT)$/.test(zone)) return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (h * 60 + m);
}

function fromParts(p: (string | undefined)[]): number | null {
  const [y, mo, d, h = "0", mi = "0", s = "0", frac, zone] = p;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  if (!Number.isFinite(utc)) return null;
  return utc - offsetMinutes(zone) * 60_000;
}

/** Parse an eventTime value; null when it is missing or unreadable. */
export function parseEventTime(v: unknown): number | null {
  if (typeof v === "number") return epochToMs(v);
  if (typeof v !== "string") return null;
  const t = v.trim();
  if (t.length === 0) return null;
  if (NUMERIC.test(t)) return epochToMs(Number(t));
  const ext = EXTENDED.exec(t);
  if (ext) return fromParts(ext.slice(1));
  const basic = BASIC.exec(t);
  if (basic) return fromParts(basic.slice(1));
  return null;
}
