import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";

/** The project root: where `node lib/cli/bin.mjs` (= `npx aftermath`) runs. */
export const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs the real CLI on the store at `url` and waits for it. */
export function aftermath(url: string, ...args: string[]) {
  const r = spawnSync("node", ["lib/cli/bin.mjs", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh, empty database on the test run's PostgreSQL server. */
export async function freshPgUrl(prefix: string): Promise<string> {
  const admin = inject("pgUrl");
  const db = `${prefix}_${randomBytes(5).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${db}`);
  await c.end();
  return admin.replace(/\/[^/]*$/, `/${db}`);
}

/** Both stores for CLI tests, each `url()` a new empty one: an on-disk PGlite directory (the CLI is another process) and a PostgreSQL database. */
export function cliStores(prefix: string) {
  const work = mkdtempSync(path.join(tmpdir(), `aftermath-${prefix}-`));
  return [
    { name: "pglite", url: async () => `pglite:${path.join(work, randomBytes(4).toString("hex"))}` },
    { name: "postgres", url: () => freshPgUrl(prefix) },
  ];
}
