import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { getStore, openedStore } from "./index";
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

function positions(): WritePositions {
  const g = globalThis as GlobalWithPositions;
  g[GLOBAL_KEY] ??= new WritePositions(Math.max(60_000, replicaMaxLagMs() * 3));
  return g[GLOBAL_KEY];
}

/**
 * Records that `actor` just wrote (call after the write committed): until a replica has replayed the primary's
 * current WAL position, that actor's reads go to the primary. No-op without replicas. Never throws: if the
 * position cannot be read, the actor reads from the primary until the entry expires.
 */
export async function noteWrite(store: Store, actor: Actor | null | undefined): Promise<void> {
  const key = readerKey(actor);
  if (!store.replicas || !key) return;
  let lsn = UNKNOWN_POSITION;
  try {
    lsn = await store.replicas.primaryLsn();
  } catch {
    /* keep UNKNOWN_POSITION: primary-only reads for this actor */
  }
  positions().note(key, lsn);
}

/** The store `actor`'s reads should use: a healthy replica that has what they wrote, else the primary. Never throws for a replica. */
export async function readFrom(store: Store, actor: Actor | null | undefined): Promise<Store> {
  if (!store.replicas) return store;
  try {
    return (await store.replicas.pick(positions().required(readerKey(actor)))) ?? store;
  } catch {
    return store;
  }
}

/** The process-wide store for `actor`'s page and GET reads (see readFrom). */
export async function readStore(actor: Actor | null | undefined): Promise<Store> {
  return readFrom(await getStore(), actor);
}

/** After a write through the process-wide store (route() and action() call this for every state change). */
export async function noteProcessWrite(actor: Actor | null | undefined): Promise<void> {
  const opened = openedStore();
  if (!opened || !readerKey(actor)) return;
  await opened.then((store) => noteWrite(store, actor)).catch(() => undefined);
}
