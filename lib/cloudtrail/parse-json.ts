/**
 * JSON.parse with one narrow repair: raw control characters (U+0000–U+001F) inside string literals, which
 * JSON forbids but which appear when records are copied out of documentation or terminals (a newline in the
 * middle of a policy document, a pretty-printed `CloudTrailEvent` string). They are escaped and the text is
 * parsed again; anything else that is invalid stays an error with the original message.
 */
export type ParseResult = { ok: true; value: unknown; repaired: boolean } | { ok: false; error: string };

const CONTROL = /[\u0000-\u001f]/;

export function parseJsonTolerant(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text), repaired: false };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    if (!CONTROL.test(text)) return { ok: false, error };
    const fixed = escapeControlCharsInStrings(text);
    if (fixed === text) return { ok: false, error };
    try {
      return { ok: true, value: JSON.parse(fixed), repaired: true };
    } catch (e2) {
      const again = e2 instanceof Error ? e2.message : String(e2);
      return { ok: false, error: `${error}; after escaping control characters: ${again}` };
    }
  }
}

const SHORT_ESCAPES: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };

/** Escape raw control characters that sit inside JSON string literals; leaves the rest untouched. */
export function escapeControlCharsInStrings(text: string): string {
  const out: string[] = [];
  let inString = false;
  let escaped = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inString) {
      if (c === 0x22) inString = true;
      continue;
    }
    if (escaped) {
      escaped = false;
    } else if (c === 0x5c) {
      escaped = true;
    } else if (c === 0x22) {
      inString = false;
    } else if (c < 0x20) {
      out.push(text.slice(from, i), SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`);
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  return out.join("");
}
