import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { type PgServer, startPostgres } from "@/test/support/postgres-server";
import type { BenchStoreKind } from "./args";

/**
 * Where a benchmark phase runs: every phase gets a fresh database of its own (PGlite: a fresh data dir;
 * PostgreSQL: a fresh database on a throw-away loopback server the bench starts, or on --pg-url).
 */
export type BenchPhase = "raw" | "ingest" | "breakdown" | "reconstruct" | "scale";

export interface BenchTarget {
  kind: BenchStoreKind;
  /** Shown in the output. */
  description: string;
  /** A fresh, migrated, empty database for the phase; returns its DATABASE_URL. */
  freshDatabase(phase: BenchPhase): Promise<string>;
  /** Drops what freshDatabase made (unless keep) and stops a server the bench started. */
  cleanup(): Promise<void>;
}

export async function openMigrated(url: string): Promise<Store> {
  const store = await openStore(url);
  try {
    await migrateStore(store, url);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

async function migrateOnly(url: string): Promise<void> {
  const store = await openMigrated(url);
  await store.close();
}

export function pgliteTarget(runDir: string, keep: boolean): BenchTarget {
  const dirs: string[] = [];
  return {
    kind: "pglite",
    description: "PGlite (embedded, worker thread, data dir on disk)",
    async freshDatabase(phase) {
      const dir = path.resolve(runDir, `pglite-${phase}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(path.dirname(dir), { recursive: true });
      dirs.push(dir);
      const url = `pglite:${dir}`;
      await migrateOnly(url);
      return url;
    },
    async cleanup() {
      if (!keep) for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Replaces the database name of a postgresql:// URL. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function postgresTarget(pgUrl: string | null, keep: boolean, log: (msg: string) => void): Promise<BenchTarget> {
  let server: PgServer | null = null;
  let admin = pgUrl;
  if (!admin) {
    log("postgres: starting a throw-away server on loopback (fsync=off, synchronous_commit=off)…");
    server = await startPostgres();
    admin = server.url();
  }
  const adminUrl = admin;
  const created: string[] = [];
  const suffix = randomBytes(3).toString("hex");
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  let version = "";
  {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    version = (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "";
    await c.end();
  }
  return {
    kind: "postgres",
    description: `PostgreSQL ${version} (${server ? "throw-away server on 127.0.0.1 started by the bench" : "--pg-url"})`,
    async freshDatabase(phase) {
      const db = `aftermath_bench_${phase}_${suffix}`;
      await run(`DROP DATABASE IF EXISTS ${db}`);
      await run(`CREATE DATABASE ${db}`);
      created.push(db);
      const url = withDatabase(adminUrl, db);
      await migrateOnly(url);
      return url;
    },
    async cleanup() {
      if (server) {
        if (keep) log("postgres: --keep does not keep a throw-away server's databases (it is stopped); use --pg-url");
        await server.stop();
        return;
      }
      if (!keep) for (const db of created) await run(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
    },
  };
}
