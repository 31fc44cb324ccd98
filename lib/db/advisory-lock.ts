import "server-only";
import { LOCK_NAMESPACE, type LockNamespace } from "@/lib/lock-keys";
import type { Store } from "./store";

export { keyOfId, LOCK_NAMESPACE, type LockNamespace } from "@/lib/lock-keys";

/**
 * Mutual exclusion for jobs that read, compute and write derived data (relinking a session, rebuilding incidents,
 * loading the demo), so that several app processes and the CLI on one PostgreSQL never interleave them: a job that
 * loaded an older view can no longer write after one that saw more (a stale incident or lost links).
 *
 * Two layers, same keys:
 * - in this process, a promise chain per (store, key): callers of one store queue, without a connection each;
 * - across processes on PostgreSQL, a session-level `pg_advisory_lock(namespace, key)` held on a connection of
 *   the store's lock pool for as long as the job runs (the job itself reads and writes on its usual connections).
 *   A process that dies closes that connection and PostgreSQL releases the lock. PGlite is one process (its data
 *   directory is locked), so the first layer is all it needs.
 *
 * Keys are two int4s: a namespace per kind of job (lib/lock-keys.ts) and a key within it (0 for a global job, or
 * `keyOfId(uuid)` for a per-row job). Jobs never nest locks, so they cannot deadlock on them.
 */
/** What a store offers for the cross-process layer (only PostgreSQL's store has it). */
export interface CrossProcessLocks {
  /** Runs fn while this process holds pg_advisory_lock(namespace, key) on a dedicated connection. */
  holdAdvisoryLock<T>(namespace: number, key: number, fn: () => Promise<T>): Promise<T>;
}

const chains = new WeakMap<Store, Map<string, Promise<unknown>>>();

/** Runs fn with the lock (namespace, key) held in this process and, on PostgreSQL, across processes. */
export async function withLock<T>(store: Store, namespace: LockNamespace, key: number, fn: () => Promise<T>): Promise<T> {
  const ns = LOCK_NAMESPACE[namespace];
  let byKey = chains.get(store);
  if (!byKey) {
    byKey = new Map();
    chains.set(store, byKey);
  }
  const name = `${ns}:${key}`;
  const before = byKey.get(name) ?? Promise.resolve();
  const cross = store as Store & Partial<CrossProcessLocks>;
  const go = (): Promise<T> => (cross.holdAdvisoryLock ? cross.holdAdvisoryLock(ns, key, fn) : fn());
  const run = before.then<T, T>(go, go);
  const tail = run.catch(() => undefined);
  byKey.set(name, tail);
  void tail.then(() => {
    if (byKey.get(name) === tail) byKey.delete(name);
  });
  return run;
}

/** The keys of a namespace that some session of this database holds now (PostgreSQL; empty on PGlite). */
export async function heldLockKeys(store: Store, namespace: LockNamespace): Promise<Set<number>> {
  if (store.kind !== "postgres") return new Set();
  const rows = await store.prisma.$queryRaw<{ key: number }[]>`
    SELECT objid::bigint::int AS key FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 2
      AND classid = ${LOCK_NAMESPACE[namespace]}::bigint::oid
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return new Set(rows.map((r) => Number(r.key)));
}
