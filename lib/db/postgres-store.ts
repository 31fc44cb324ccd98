import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { copySql, type Row, type SqlSession, type Store } from "./store";

export function postgresAdapterFactory(url: string) {
  return new PrismaPg({ connectionString: url });
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
      const s: SqlSession = {
        async query<R extends Row = Row>(sql: string, params: unknown[] = []) {
          return (await client.query(sql, params)).rows as R[];
        },
        async exec(sql: string) {
          await client.query(sql);
        },
        async copyCsv(table: string, columns: string[], csv: Uint8Array) {
          const stream = client.query(copyFrom(copySql(table, columns, "STDIN")));
          await pipeline(Readable.from([Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength)]), stream);
          return Number(stream.rowCount ?? 0);
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
