import "server-only";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { type DbConfig, describeDbConfig, parseDatabaseUrl, parseReplicaUrls } from "./config";
import { applyMigrations } from "./migrate";
import { openPGliteStore } from "./pglite-store";
import { openPostgresStore, postgresMigrationFactory } from "./postgres-store";
import type { Store } from "./store";

export type { Row, SqlSession, Store } from "./store";
export { isDeadlock, isUniqueViolation } from "./store";
export { isStoreUnavailable, StoreUnavailableError, withDeadline } from "./unavailable";

/** Opens the store DATABASE_URL selects (see lib/db/config.ts). The only place that knows PGlite from PostgreSQL. */
export async function openStore(url = process.env.DATABASE_URL, replicaUrls = process.env.DATABASE_REPLICA_URLS): Promise<Store> {
  const config = parseDatabaseUrl(url);
  const replicas = parseReplicaUrls(replicaUrls, config);
  const description =
    describeDbConfig(config) + (replicas.length ? ` with ${replicas.length} read replica${replicas.length > 1 ? "s" : ""}` : "");
  return config.kind === "postgres" ? openPostgresStore(config.url, description, replicas) : openPGliteStore(config.dataDir, description);
}

/** Applies pending migrations to an open store. */
export async function migrateStore(store: Store, url = process.env.DATABASE_URL): Promise<string[]> {
  const config: DbConfig = parseDatabaseUrl(url);
  if (config.kind === "pglite") return applyMigrations((store as Store & { factory: SqlMigrationAwareDriverAdapterFactory }).factory);
  // The schema engine holds a session-level advisory lock while it migrates: its connections are closed
  // afterwards, so no idle connection keeps the lock and blocks the next migration (another process's included).
  const migration = postgresMigrationFactory(config.url);
  try {
    return await applyMigrations(migration.factory);
  } finally {
    await migration.close();
  }
}

const GLOBAL_KEY = Symbol.for("aftermath.store");
type GlobalWithStore = typeof globalThis & { [GLOBAL_KEY]?: Promise<Store> };

/**
 * The process-wide store (the web app's): opened and migrated once, shared across requests and hot reloads.
 */
export function getStore(): Promise<Store> {
  const g = globalThis as GlobalWithStore;
  g[GLOBAL_KEY] ??= (async () => {
    const store = await openStore();
    await migrateStore(store);
    return store;
  })().catch((e) => {
    delete g[GLOBAL_KEY];
    throw e;
  });
  return g[GLOBAL_KEY]!;
}

/** The process-wide store if getStore() has opened (or is opening) it; null otherwise. Never opens one. */
export function openedStore(): Promise<Store> | null {
  return (globalThis as GlobalWithStore)[GLOBAL_KEY] ?? null;
}

/** Closes the process-wide store if it was opened (shutdown); the next getStore() opens it again. */
export async function closeProcessStore(): Promise<void> {
  const g = globalThis as GlobalWithStore;
  const opening = g[GLOBAL_KEY];
  delete g[GLOBAL_KEY];
  if (!opening) return;
  const store = await opening.catch(() => null);
  await store?.close();
}

export async function getPrisma() {
  return (await getStore()).prisma;
}
