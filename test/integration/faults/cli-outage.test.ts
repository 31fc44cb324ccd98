import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PgServer, startPostgres } from "@/test/support/postgres-server";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * Issue 14 #5: PostgreSQL goes away while `aftermath ingest --json` runs. The CLI must print the JSON report of what
 * was committed and exit 1, never a raw "Unhandled 'error' event" stack.
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(path.join(tmpdir(), "aftermath-cli-outage-"));
const file = path.join(work, "big.jsonl");
const N = 60_000;
writeFileSync(file, `${Array.from({ length: N }, (_, i) => JSON.stringify(syntheticRecord(i, { seed: 21, total: N }))).join("\n")}\n`);

describe("aftermath ingest when PostgreSQL stops mid-ingest", () => {
  let server: PgServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("prints the --json report of what was committed and exits 1", async () => {
    const p = spawn("node", ["lib/cli/bin.mjs", "ingest", file, "--json", "--no-reconstruct"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: server.url(), AFTERMATH_PROGRESS: "lines", AFTERMATH_DB_CONNECT_TIMEOUT_MS: "2000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let stopping: Promise<void> | null = null;
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => {
      err += d;
      const counts = [...err.matchAll(/([\d,]+) records/g)].map((m) => Number(m[1].replace(/,/g, "")));
      if (!stopping && counts.some((n) => n >= 5000)) stopping = server.stop();
    });
    const code = await new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
    await stopping;
    expect(stopping).not.toBeNull();
    expect(err).not.toMatch(/Unhandled 'error' event/);
    expect(code).toBe(1);
    if (!out.trim()) throw new Error(`no report; stderr: ${err.slice(-2000)}`);
    const report = JSON.parse(out.trim().split("\n").pop()!);
    expect(report.files[0].error).toMatch(/database/);
    expect(report.files[0].ingested).toBeLessThan(N);
  });
});
