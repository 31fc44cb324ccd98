/**
 * JSON text that PostgreSQL's jsonb accepts. JSON allows two escapes jsonb refuses: `\u0000` ("unsupported
 * Unicode escape sequence") and an unpaired UTF-16 surrogate such as `\ud800` ("invalid input syntax"). A
 * CloudTrail or agent log may hold either (logs are attacker-controlled), and one such record must not fail
 * the batch it travels in, so both become `\ufffd`. Escaped backslashes are consumed first, so `\\u0000`
 * (a literal backslash followed by "u0000") is left as it is. Unescaped lone surrogates need nothing here:
 * UTF-8 encoding already turns them into U+FFFD.
 */
const ESCAPE = /\\(?:\\|u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u([0-9a-fA-F]{4}))/g;

function replace(match: string, hex: string | undefined): string {
  if (hex === undefined) return match;
  const code = parseInt(hex, 16);
  return code === 0 || (code >= 0xd800 && code <= 0xdfff) ? "\\ufffd" : match;
}

export function jsonbSafeText(json: string): string {
  return json.includes("\\u") ? json.replace(ESCAPE, replace) : json;
}

/** A JSON value re-serialised so jsonb accepts it (see jsonbSafeText). */
export function jsonbSafeValue<T>(value: T): T {
  const text = JSON.stringify(value);
  if (text === undefined) return value;
  const safe = jsonbSafeText(text);
  return safe === text ? value : (JSON.parse(safe) as T);
}
