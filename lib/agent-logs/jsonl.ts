export interface JsonLine {
  /** 0-based index among non-blank lines (= record index). */
  index: number;
  /** 1-based line number in the file. */
  line: number;
  text: string;
  ok: boolean;
  value: unknown;
  error: string | null;
}

/** Non-blank lines of a JSONL text, each JSON-parsed (a parse failure is reported, not thrown). */
export function readJsonLines(text: string): JsonLine[] {
  const out: JsonLine[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let lineNo = 0;
  let start = 0;
  while (start <= src.length) {
    let end = src.indexOf("\n", start);
    if (end < 0) end = src.length;
    lineNo++;
    const raw = src.slice(start, end).replace(/\r$/, "");
    start = end + 1;
    if (raw.trim() === "") {
      if (end >= src.length) break;
      continue;
    }
    try {
      out.push({ index: out.length, line: lineNo, text: raw, ok: true, value: JSON.parse(raw), error: null });
    } catch (e) {
      out.push({ index: out.length, line: lineNo, text: raw, ok: false, value: undefined, error: (e as Error).message });
    }
    if (end >= src.length) break;
  }
  return out;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
export const num = (v: unknown): number | null => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
};

/** JSON.parse that returns null instead of throwing. */
export function tryJson(s: unknown): unknown {
  if (typeof s !== "string") return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Base name of a path without directory and the given extension. */
export function baseName(fileName: string, ext?: RegExp): string {
  const b = fileName.replace(/^.*[\\/]/, "");
  return ext ? b.replace(ext, "") : b;
}
