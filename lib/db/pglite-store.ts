import "server-only";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";
import { PGliteWorkerAdapterFactory } from "./pglite-adapter";
import { PGliteHost } from "./pglite-host";
import { copySql, type Row, type SqlSession, type Store } from "./store";

export async function openPGliteStore(dataDir: string | null, description: string): Promise<Store> {
  const lock: DataDirLock | null = dataDir ? acquireDataDirLock(dataDir) : null;
  let host: PGliteHost;
  try {
    host = await PGliteHost.start(dataDir);
  } catch (e) {
    lock?.release();
    throw e;
  }
  const factory = new PGliteWorkerAdapterFactory(host);
  const prisma = new PrismaClient({ adapter: factory });
  const session: SqlSession = {
    async query<R extends Row = Row>(sql: string, params: unknown[] = []) {
      const res = await host.run<{ rows: R[] }>("sql", { sql, params });
      return res.rows;
    },
    async exec(sql: string) {
      await host.run("executeScript", { script: sql });
    },
    async copyCsv(table: string, columns: string[], csv: Uint8Array) {
      const res = await host.run<{ affectedRows: number }>("copyFrom", { sql: copySql(table, columns, "'/dev/blob'"), data: csv });
      return res.affectedRows;
    },
    async copyText(table: string, columns: string[], data: Uint8Array) {
      const res = await host.run<{ affectedRows: number }>("copyFrom", { sql: copySql(table, columns, "'/dev/blob'", "text"), data });
      return res.affectedRows;
    },
    async copyTextThen<R extends Row = Row>(table: string, columns: string[], data: Uint8Array, sql: string, params: unknown[] = []) {
      const res = await host.run<{ rows: R[] }>("copyFromThen", {
        sql: copySql(table, columns, "'/dev/blob'", "text"),
        data,
        after: { sql, params },
      });
      return res.rows;
    },
  };
  return {
    kind: "pglite",
    description,
    prisma,
    factory,
    session: (fn) => fn(session),
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await host.close();
      lock?.release();
    },
  } as Store & { factory: PGliteWorkerAdapterFactory };
}
