import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cookies, headers } from "next/headers";
import type { Actor } from "@/lib/auth/actor";
import { getStore, openedStore } from "./index";
import { MIN_POSITION_HEADER, maxPosition, parseClientPosition, WAL_COOKIE } from "./read-position";
import { UNKNOWN_POSITION, WritePositions } from "./read-your-writes";
import { replicaMaxLagMs } from "./replica-router";
import type { Store } from "./store";

/**
 * Where reads go when DATABASE_REPLICA_URLS names replicas. Page and GET read paths (events explorer, timeline,
 * incidents, sessions) read through readStore(actor); everything else (ingest, edits, audit, auth and session
 * lookups) keeps using getStore(), the primary. Without replicas readStore is getStore.
 */

/** Whose writes a read must see: a user and their personal tokens are one reader; a service token is its own. */
export function readerKey(actor: Actor | null | undefined): string | null {
  if (!actor) return null;
  if (actor.kind === "user") return `user:${actor.userId}`;
  if (actor.kind === "token") return actor.userId ? `user:${actor.userId}` : `token:${actor.tokenId}`;
  return `system:${actor.name}`;
}

const GLOBAL_KEY = Symbol.for("aftermath.writePositions");
type GlobalWithPositions = typeof globalThis & { [GLOBAL_KEY]?: WritePositions };

/** How long a write position is kept (in memory and in the client's cookie): max(60 s, 3 × the lag limit). */
export const writePositionTtlMs = () => Math.max(60_000, replicaMaxLagMs() * 3);

function positions(): WritePositions {
  const g = globalThis as GlobalWithPositions;
  g[GLOBAL_KEY] ??= new WritePositions(writePositionTtlMs());
  return g[GLOBAL_KEY];
}

/**
 * Records that `actor` just wrote (call after the write committed): until a replica has replayed the primary's
 * current WAL position, that actor's reads go to the primary. No-op without replicas. Never throws: if the
 * position cannot be read, the actor reads from the primary until the entry expires.
 */
export async function noteWrite(store: Store, actor: Actor | null | undefined): Promise<bigint | null> {
  const key = readerKey(actor);
  if (!store.replicas || !key) return null;
  let lsn = UNKNOWN_POSITION;
  try {
    lsn = await store.replicas.primaryLsn();
  } catch {
    /* keep UNKNOWN_POSITION: primary-only reads for this actor */
  }
  positions().note(key, lsn);
  return lsn;
}

/**
 * The store `actor`'s reads should use: a healthy replica that has what they wrote — through this process (kept in
 * memory) or through any instance (`clientPosition`, from the client's cookie or header) — else the primary.
 * Never throws for a replica.
 */
export async function readFrom(store: Store, actor: Actor | null | undefined, clientPosition: bigint | null = null): Promise<Store> {
  if (!store.replicas) return store;
  try {
    return (await store.replicas.pick(maxPosition(positions().required(readerKey(actor)), clientPosition))) ?? store;
  } catch {
    return store;
  }
}

/** The WAL position the current request carries, set by route() for its handler (see withClientPosition). */
const requestScope = new AsyncLocalStorage<{ position: bigint | null }>();

/** Runs `fn` (a route handler) with the WAL position its request carried (cookie or X-Aftermath-Min-Position). */
export function withClientPosition<T>(position: bigint | null, fn: () => T): T {
  return requestScope.run({ position }, fn);
}

/**
 * The WAL position the current client carries: route()'s request, else (a server component, a server action) the
 * `aftermath_wal` cookie and `X-Aftermath-Min-Position` header through next/headers. Null outside a request or
 * when absent or malformed.
 */
export async function clientPosition(): Promise<bigint | null> {
  const scoped = requestScope.getStore();
  if (scoped) return scoped.position;
  try {
    const [c, h] = await Promise.all([cookies(), headers()]);
    return maxPosition(parseClientPosition(c.get(WAL_COOKIE)?.value), parseClientPosition(h.get(MIN_POSITION_HEADER)));
  } catch {
    return null; // not inside a request (CLI, tests, background work)
  }
}

/** The process-wide store for `actor`'s page and GET reads (see readFrom), honouring the client's write position. */
export async function readStore(actor: Actor | null | undefined): Promise<Store> {
  const store = await getStore();
  if (!store.replicas) return store;
  return readFrom(store, actor, await clientPosition());
}

/**
 * After a write through the process-wide store (route() and action() call this for every state change): the
 * primary's WAL position to hand the client (cookie / header), or null without replicas.
 */
export async function noteProcessWrite(actor: Actor | null | undefined): Promise<bigint | null> {
  const opened = openedStore();
  if (!opened || !readerKey(actor)) return null;
  return opened.then((store) => noteWrite(store, actor)).catch(() => null);
}
