import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrateStore, openStore, type Store } from "@/lib/db";

/** A new, empty database on the test PostgreSQL server (vitest's global setup), as a postgresql:// URL. */
export async function freshPostgresUrl(prefix = "t"): Promise<string> {
  const admin = inject("pgUrl");
  const db = `${prefix}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${db}`);
  await client.end();
  return admin.replace(/\/[^/]*$/, `/${db}`);
}

export type TestStore = { name: "pglite" | "postgres"; open: () => Promise<Store> };

/** Both stores, fresh and migrated, for integration tests: `describe.each(testStores())`. */
export function testStores(): TestStore[] {
  return [
    {
      name: "pglite",
      open: async () => {
        const store = await openStore("pglite:memory");
        await migrateStore(store, "pglite:memory");
        return store;
      },
    },
    {
      name: "postgres",
      open: async () => {
        const url = await freshPostgresUrl();
        const store = await openStore(url);
        await migrateStore(store, url);
        return store;
      },
    },
  ];
}
