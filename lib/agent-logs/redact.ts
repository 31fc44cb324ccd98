import { isPlaceholder, SECRET_KEY_NAME, SECRET_PATTERNS } from "./secret-patterns";

export interface RedactedText {
  text: string;
  count: number;
}

/** Replace secrets in free text with `[REDACTED:<kind>]`, keeping the text around them. Never throws. */
export function redactSecrets(text: string): RedactedText {
  if (typeof text !== "string" || text.length === 0) return { text, count: 0 };
  let out = text;
  let count = 0;
  for (const { kind, re } of SECRET_PATTERNS) {
    re.lastIndex = 0;
    if (!re.test(out)) continue;
    re.lastIndex = 0;
    out = out.replace(re, (...args: unknown[]) => {
      const match = args[0] as string;
      const groups = args[args.length - 1] as Record<string, string | undefined>;
      const secret = groups.secret ?? "";
      if (!secret || isPlaceholder(secret) || match.includes("[REDACTED:")) return match;
      count++;
      const quoted = /^(["']).*\1$/s.test(secret) && secret.length >= 2 ? secret[0] : "";
      return `${groups.pre ?? ""}${quoted}[REDACTED:${kind}]${quoted}${groups.post ?? ""}`;
    });
  }
  return { text: out, count };
}

export interface RedactedValue {
  value: unknown;
  count: number;
}

/**
 * Redact every string leaf of a JSON-like value (structure and keys kept). A string under a key that names a secret
 * (`password`, `api_key`, `SecretAccessKey`, `AWS_SESSION_TOKEN`…) is replaced whole.
 */
export function redactDeep(value: unknown): RedactedValue {
  let count = 0;
  const walk = (v: unknown, key: string | null, depth: number): unknown => {
    if (typeof v === "string") {
      if (key !== null && SECRET_KEY_NAME.test(key) && !isPlaceholder(v) && !v.startsWith("[REDACTED")) {
        count++;
        return `[REDACTED:secret-field]`;
      }
      const r = redactSecrets(v);
      count += r.count;
      return r.text;
    }
    if (v === null || typeof v !== "object") return v;
    if (depth > 100) return "[too deeply nested]";
    if (Array.isArray(v)) return v.map((x) => walk(x, null, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, k, depth + 1);
    return out;
  };
  const result = walk(value, null, 0);
  return { value: result, count };
}
