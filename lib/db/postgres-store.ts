import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { CrossProcessLocks } from "./advisory-lock";
import { ReplicaRouter } from "./replica-router";
import { copySql, type Row, type SqlSession, type Store } from "./store";
import { bulkDeadlineMs, connectTimeoutMs, StoreUnavailableError, statementDeadlineMs, withDeadline } from "./unavailable";

/** An adapter factory on its own small pool, for the schema engine; close() ends the pool. */
/**
 * @prisma/adapter-pg runs a migration script by splitting it at every `;`, which tears apart function bodies
 * (`$$ … ; … $$`, e.g. the audit log's append-only trigger). PostgreSQL's simple query protocol takes the whole
 * script at once, so the migration adapter sends it whole; errors still go through the adapter's own mapping.
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    type Internals = { underlyingDriver(): { query(sql: string): Promise<unknown> }; onError(e: unknown): never };
    const inner = adapter as unknown as Internals;
    adapter.executeScript = async (script: string) => {
      try {
        await inner.underlyingDriver().query(script);
      } catch (e) {
        inner.onError(e);
      }
    };
    return adapter;
  }
}

export function postgresMigrationFactory(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined);
  return { factory: new WholeScriptPg(pool), close: () => pool.end().catch(() => undefined) };
}

export async function openPostgresStore(url: string, description: string, replicaUrls: string[] = []): Promise<Store> {
  const deadline = statementDeadlineMs();
  // Requests' queries: every statement has a deadline on the server (statement_timeout) and on the client
  // (query_timeout, for a server that stopped answering), and connecting has one too.
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.AFTERMATH_PG_POOL ?? 10),
    connectionTimeoutMillis: connectTimeoutMs(),
    statement_timeout: deadline,
    query_timeout: deadline + 2_000,
    keepAlive: true,
  });
  pool.on("error", () => undefined); // idle client errors must not crash the process
  // Ingest sessions have a pool of their own, so uploads never take the connections pages read through.
  const ingestPool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.AFTERMATH_PG_INGEST_SESSIONS ?? 4),
    statement_timeout: bulkDeadlineMs(),
    keepAlive: true,
  });
  ingestPool.on("error", () => undefined);
  // Advisory locks (lib/db/advisory-lock.ts) are held on connections of their own: a job holds one while it reads
  // and writes on the other pools, so waiting for a lock never takes a connection that pages or ingests need.
  const lockPool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.AFTERMATH_PG_LOCK_SESSIONS ?? 4),
    connectionTimeoutMillis: connectTimeoutMs(),
    statement_timeout: lockWaitMs(),
    keepAlive: true,
  });
  lockPool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let replicas: ReplicaRouter | undefined;
  const store: Store & CrossProcessLocks = {
    kind: "postgres",
    description,
    prisma,
    async session(fn) {
      const client = await withDeadline(ingestPool.connect(), Math.max(connectTimeoutMs(), bulkDeadlineMs()), "connecting to PostgreSQL");
      // A checked-out client's connection error has no listener in pg: without this one it would crash the process
      // ("Unhandled 'error' event"). It also fails the statement in progress at once instead of leaving it hanging.
      let lostError: Error | null = null;
      let onLost: ((e: Error) => void) | null = null;
      const lose = (e: unknown) => {
        lostError ??= new StoreUnavailableError(`PostgreSQL connection lost: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        onLost?.(lostError);
      };
      const onEnd = () => lose(new Error("connection ended"));
      client.on("error", lose);
      client.on("end", onEnd);
      const guarded = <T>(op: () => Promise<T>): Promise<T> => {
        if (lostError) return Promise.reject(lostError);
        const lost = new Promise<never>((_, reject) => {
          onLost = reject;
        });
        lost.catch(() => undefined);
        const dropConnection = () => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        return withDeadline(Promise.race([op(), lost]), bulkDeadlineMs() + 5_000, "a bulk ingest statement", () => {
          lose(new Error("deadline passed"));
          dropConnection();
        }).finally(() => {
          onLost = null;
        });
      };
      // One statement at a time on this connection: a COPY stream must never interleave with another query.
      let tail: Promise<unknown> = Promise.resolve();
      const serial = <T>(fn: () => Promise<T>): Promise<T> => {
        const run = tail.then(
          () => guarded(fn),
          () => guarded(fn),
        );
        tail = run.catch(() => undefined);
        return run;
      };
      const copy = async (sql: string, data: Uint8Array) => {
        const stream = client.query(copyFrom(sql));
        await pipeline(Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), stream);
        return Number(stream.rowCount ?? 0);
      };
      const s: SqlSession = {
        query<R extends Row = Row>(sql: string, params: unknown[] = []) {
          return serial(async () => (await client.query(sql, params)).rows as R[]);
        },
        exec(sql: string) {
          return serial(async () => {
            await client.query(sql);
          });
        },
        copyCsv(table: string, columns: string[], csv: Uint8Array) {
          return serial(() => copy(copySql(table, columns, "STDIN"), csv));
        },
        copyText(table: string, columns: string[], data: Uint8Array) {
          return serial(() => copy(copySql(table, columns, "STDIN", "text"), data));
        },
        copyTextThen<R extends Row = Row>(table: string, columns: string[], data: Uint8Array, sql: string, params: unknown[] = []) {
          return serial(async () => {
            await client.query("BEGIN");
            try {
              await copy(copySql(table, columns, "STDIN", "text"), data);
              const rows = (await client.query(sql, params)).rows as R[];
              await client.query("COMMIT");
              return rows;
            } catch (e) {
              await client.query("ROLLBACK").catch(() => undefined);
              throw e;
            }
          });
        },
      };
      try {
        return await fn(s);
      } finally {
        // Advisory locks the session took (a running ingest's, see lib/ingest/liveness.ts) never go back to the pool.
        if (!lostError) await serial(() => client.query("SELECT pg_advisory_unlock_all()")).catch(() => undefined);
        // A lost connection is thrown away, not returned to the pool.
        client.release(lostError ?? undefined);
        setImmediate(() => {
          client.off("error", lose);
          client.off("end", onEnd);
        });
      }
    },
    get replicas() {
      return replicas;
    },
    async holdAdvisoryLock<T>(namespace: number, key: number, fn: () => Promise<T>): Promise<T> {
      const client = await withDeadline(lockPool.connect(), connectTimeoutMs(), "connecting to PostgreSQL");
      let lost: unknown = null;
      const onError = (e: unknown) => {
        lost ??= e;
      };
      client.on("error", onError);
      try {
        await client.query("SELECT pg_advisory_lock($1::int, $2::int)", [namespace, key]).catch((e) => {
          onError(e);
          throw e;
        });
        try {
          return await fn();
        } finally {
          if (!lost) await client.query("SELECT pg_advisory_unlock($1::int, $2::int)", [namespace, key]).catch(onError);
        }
      } finally {
        // A connection that failed (and so may still hold the lock) is closed, never returned to the pool.
        client.release(lost ? (lost as Error) : undefined);
        setImmediate(() => client.off("error", onError));
      }
    },
    async close() {
      await replicas?.close();
      await prisma.$disconnect().catch(() => undefined);
      await Promise.all([
        pool.end().catch(() => undefined),
        ingestPool.end().catch(() => undefined),
        lockPool.end().catch(() => undefined),
      ]);
    },
  };
  if (replicaUrls.length > 0) replicas = new ReplicaRouter(store, pool, replicaUrls).start();
  return store;
}

/** How long a job waits for another process's advisory lock (AFTERMATH_DB_LOCK_WAIT_MS, default 10 min). */
function lockWaitMs(): number {
  const v = Number(process.env.AFTERMATH_DB_LOCK_WAIT_MS);
  return Number.isFinite(v) && v > 0 ? v : 600_000;
}
