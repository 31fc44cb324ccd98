import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { copySql, type Row, type SqlSession, type Store } from "./store";

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

export async function openPostgresStore(url: string, description: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.AFTERMATH_PG_POOL ?? 10) });
  pool.on("error", () => undefined); // idle client errors must not crash the process
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    description,
    prisma,
    async session(fn) {
      const client = await pool.connect();
      // One statement at a time on this connection: a COPY stream must never interleave with another query.
      let tail: Promise<unknown> = Promise.resolve();
      const serial = <T>(fn: () => Promise<T>): Promise<T> => {
        const run = tail.then(fn, fn);
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
      };
      try {
        return await fn(s);
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
