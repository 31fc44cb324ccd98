/** Size limits and string hygiene for everything this layer returns (PostgreSQL text cannot hold NUL). */
export const LIMITS = {
  outputHead: 4096,
  outputTail: 1024,
  command: 16 * 1024,
  text: 32 * 1024,
  rawRecord: 256 * 1024,
  rawHead: 64 * 1024,
  inputString: 4096,
  inputTotal: 32 * 1024,
  quarantineText: 256 * 1024,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE.source, "g");

/** Replace NUL (not storable in PostgreSQL text) and lone surrogates. */
export function sanitizeString(s: string): string {
  const t = s.includes("\u0000") ? s.replaceAll("\u0000", "\uFFFD") : s;
  return LONE_SURROGATE.test(t) ? t.replace(LONE_SURROGATE_G, "\uFFFD") : t;
}

/** Keep the first `head` and last `tail` chars of a long text, with a marker saying how much was left out. */
export function boundText(s: string, head: number, tail = 0): string {
  if (s.length <= head + tail + 64) return s;
  const omitted = s.length - head - tail;
  return `${s.slice(0, head)}…[${omitted} chars omitted]…${tail > 0 ? s.slice(s.length - tail) : ""}`;
}

export const boundOutput = (s: string): string => boundText(s, LIMITS.outputHead, LIMITS.outputTail);
export const boundCommand = (s: string): string => boundText(s, LIMITS.command);
export const boundProse = (s: string): string => boundText(s, LIMITS.text, 1024);

/** Sanitize every string (and key) of a JSON-like value. */
export function sanitizeDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return sanitizeString(value);
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? String(value) : value;
  if (depth > 100) return "[too deeply nested]";
  if (Array.isArray(value)) return value.map((v) => sanitizeDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[sanitizeString(k)] = sanitizeDeep(v, depth + 1);
  return out;
}

/** Shrink long strings inside a small JSON value (tool input). */
export function boundJsonStrings(value: unknown, maxString: number, depth = 0): unknown {
  if (typeof value === "string") return boundText(value, maxString);
  if (value === null || typeof value !== "object") return value;
  if (depth > 100) return "[too deeply nested]";
  if (Array.isArray(value)) return value.map((v) => boundJsonStrings(v, maxString, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = boundJsonStrings(v, maxString, depth + 1);
  return out;
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Tool input: long strings cut to 4 KB; if still over 32 KB, a truncated JSON text stands in for it. */
export function boundInput(value: unknown): unknown {
  if (value === undefined) return null;
  if (jsonLength(value) <= LIMITS.inputTotal) return value;
  const shrunk = boundJsonStrings(value, LIMITS.inputString);
  const len = jsonLength(shrunk);
  if (len <= LIMITS.inputTotal) return shrunk;
  return { truncated: true, originalChars: jsonLength(value), head: safeJson(shrunk).slice(0, LIMITS.inputTotal) };
}

/** A raw record larger than 256 KB (as JSON) is replaced by `{truncated, originalChars, head}`. */
export function boundRaw(record: unknown): unknown {
  const len = jsonLength(record);
  if (len <= LIMITS.rawRecord) return record;
  return { truncated: true, originalChars: Number.isFinite(len) ? len : null, head: safeJson(record).slice(0, LIMITS.rawHead) };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
