/** The advisory lock keys (pure: lib/ingest/liveness.ts needs them too). See lib/db/advisory-lock.ts. */
export const LOCK_NAMESPACE = {
  /** rebuilding incidents from links (global: it reads every seed session) */
  reconstruct: 0x41460001,
  /** relinking one agent session (key: the session's id) */
  relink: 0x41460002,
  /** a running ingest source (key: the source's id), held on its ingest session: see lib/ingest/liveness.ts */
  ingestSource: 0x41460003,
  /** loading the demo into an empty store (global) */
  demo: 0x41460004,
  /** verifying safeguards after an ingest (global: snapshots are written when a verdict changes) */
  safeguards: 0x41460005,
  /** the daily audit purge (global) */
  auditRetention: 0x41460006,
  /** `aftermath watch` ingesting one file's content (key: path + sha256), so two watchers ingest it once */
  watchFile: 0x41460007,
} as const;

export type LockNamespace = keyof typeof LOCK_NAMESPACE;

/** A stable int4 key (0 … 2^31-1) for a UUID (its first 31 bits) or any other text id (FNV-1a). */
export function keyOfId(id: string): number {
  const hex = id.replace(/-/g, "");
  if (/^[0-9a-f]{32}$/i.test(hex)) return Number.parseInt(hex.slice(0, 8), 16) & 0x7fffffff;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x7fffffff;
}
