/** A change between two JSON values, path by path (pure). Used for the audit log's before → after. */
export type JsonChange = { path: string; before: unknown; after: unknown };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Date);
}

function normalise(x: unknown): unknown {
  if (x instanceof Date) return x.toISOString();
  if (typeof x === "bigint") return x.toString();
  return x;
}

/** Leaf-level changes from `before` to `after` (objects recursed; arrays and scalars compared whole). */
export function jsonDiff(before: unknown, after: unknown, path = ""): JsonChange[] {
  const a = normalise(before);
  const b = normalise(after);
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => jsonDiff(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path, before: a ?? null, after: b ?? null }];
}

/** A value made JSON-safe for a jsonb column (Dates → ISO, bigint → string, undefined dropped). */
export function toJsonValue(x: unknown): unknown {
  if (x === undefined) return null;
  return JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}
