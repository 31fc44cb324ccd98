/**
 * Timestamp reading for agent logs. Everything becomes ms since the epoch (UTC).
 * Strings with a zone (Z, ±hh:mm) are exact; strings without one (OpenHands, Aider) are read as UTC and the caller is
 * told (`assumedUtc`) so it can note the assumption.
 */
export interface ParsedTime {
  ms: number;
  assumedUtc: boolean;
}

const ISO_NO_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const DIGITS = /^\d{1,20}$/;

/** Read a timestamp given as ISO-8601 text, epoch seconds/ms/µs/ns (number or digit string). Null if it isn't one. */
export function parseTime(value: unknown): ParsedTime | null {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? { ms: epochToMs(value), assumedUtc: false } : null;
  if (typeof value !== "string") return null;
  const s = value.trim();
  if (!s) return null;
  if (DIGITS.test(s)) return digitsToMs(s);
  const noZone = ISO_NO_ZONE.exec(s);
  if (noZone) {
    const [, y, mo, d, h, mi, sec, frac] = noZone;
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, sec ? +sec : 0, frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
    return Number.isFinite(ms) ? { ms, assumedUtc: true } : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || !HAS_ZONE.test(s)) return null;
  const ms = Date.parse(s.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isFinite(ms) ? { ms, assumedUtc: false } : null;
}

/** Epoch number in s, ms, µs or ns → ms (by magnitude). */
export function epochToMs(n: number): number {
  if (n > 1e17) return Math.floor(n / 1e6);
  if (n > 1e14) return Math.floor(n / 1e3);
  if (n > 1e11) return Math.floor(n);
  return Math.floor(n * 1000);
}

/** OTLP `timeUnixNano` strings exceed 2^53: cut digits instead of dividing a float. */
function digitsToMs(s: string): ParsedTime | null {
  const t = s.replace(/^0+/, "");
  if (!t) return null;
  let ms: number;
  if (t.length >= 18) ms = Number(t.slice(0, t.length - 6));
  else if (t.length >= 15) ms = Number(t.slice(0, t.length - 3));
  else if (t.length >= 12) ms = Number(t);
  else ms = Number(t) * 1000;
  return Number.isFinite(ms) && ms > 0 ? { ms, assumedUtc: false } : null;
}
