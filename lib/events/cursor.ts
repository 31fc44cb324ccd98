import { z } from "zod";
import { SortDir, SortKey } from "./sort";

/**
 * Keyset cursor for the event list: the sort key, its direction, the boundary row's sort value and id, and
 * whether the page lies after or before that row. Opaque to clients (base64url JSON) and fully validated on
 * the way back in: a tampered cursor can only point at another position, never inject anything.
 */
export const MAX_CURSOR_LENGTH = 4096;
const MAX_TEXT_VALUE = 2048;

const CursorPayload = z
  .object({
    k: SortKey,
    d: SortDir,
    v: z.union([z.string().max(MAX_TEXT_VALUE), z.number().int()]),
    i: z.string().regex(/^[1-9]\d{0,18}$/),
    b: z.literal(1).optional(),
  })
  .strict();

export type Cursor = {
  key: SortKey;
  dir: SortDir;
  /** eventTime: ISO instant; risk: rank 0–3; other keys: the text value (null columns sort as ""). */
  value: string | number;
  /** cloudtrail_event.id of the boundary row (decimal string: the column is int8). */
  id: string;
  /** true: the page is the rows before the boundary row (a "previous page" link). */
  before: boolean;
};

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether a value has the type the sort key's column needs. */
function valueFitsKey(key: SortKey, value: string | number): boolean {
  if (key === "risk") return typeof value === "number" && value >= 0 && value <= 4;
  if (typeof value !== "string") return false;
  if (key === "eventTime") return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(value) && Number.isFinite(Date.parse(value));
  return true;
}

export function encodeCursor(c: Cursor): string {
  const payload: z.infer<typeof CursorPayload> = { k: c.key, d: c.dir, v: c.value, i: c.id, ...(c.before ? { b: 1 as const } : {}) };
  return toBase64Url(JSON.stringify(payload));
}

/** Decodes and validates a cursor string; null when it is malformed or tampered with. */
export function decodeCursor(s: string): Cursor | null {
  if (!s || s.length > MAX_CURSOR_LENGTH) return null;
  const json = fromBase64Url(s);
  if (json === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = CursorPayload.safeParse(data);
  if (!parsed.success) return null;
  const { k, d, v, i, b } = parsed.data;
  if (!valueFitsKey(k, v)) return null;
  return { key: k, dir: d, value: v, id: i, before: b === 1 };
}
