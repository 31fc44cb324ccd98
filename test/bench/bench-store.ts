import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { type PgServer, startPostgres } from "@/test/support/postgres-server";

/** The store kinds a `--store pglite|postgres|both` option names. */
export const benchStoreKinds = (store: string): string[] => (store === "both" ? ["pglite", "postgres"] : [store]);

/**
 * Runs `fn` on a throw-away, migrated store of `kind`: PGlite in a temporary directory, or a PostgreSQL server started
 * for it. Store, server and directory are gone afterwards, whatever `fn` does.
 */
export async function withThrowAwayStore<T>(kind: string, prefix: string, fn: (store: Store) => Promise<T>): Promise<T> {
  let server: PgServer | null = null;
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    let url: string;
    if (kind === "postgres") {
      server = await startPostgres();
      url = server.url();
    } else url = `pglite:${path.join(dir, "db")}`;
    const store = await openStore(url);
    try {
      await migrateStore(store, url);
      return await fn(store);
    } finally {
      await store.close();
    }
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
