import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrateStore, openStore } from "@/lib/db";
import { recoverInterruptedIngests } from "@/lib/ingest/pipeline";
import { listSources } from "@/lib/sources/queries";
import { freshPostgresUrl } from "@/test/support/stores";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * Issue 14 #6: SIGKILL `aftermath ingest` mid-file. Without any re-run, the Sources list must already show the
 * ingest as "interrupted" (its process is gone) with the counts its committed batches stored, not "running" with 0;
 * once recovered, the row holds exactly the number of events stored.
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(path.join(tmpdir(), "aftermath-interrupted-"));
const file = path.join(work, "big.jsonl");
const N = 60_000;
writeFileSync(file, `${Array.from({ length: N }, (_, i) => JSON.stringify(syntheticRecord(i, { seed: 33, total: N }))).join("\n")}\n`);

async function killMidIngest(url: string): Promise<void> {
  const p = spawn("node", ["lib/cli/bin.mjs", "ingest", file, "--json", "--no-reconstruct"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, AFTERMATH_PROGRESS: "lines" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((r) => p.on("exit", r));
  await new Promise<void>((resolve) => {
    let buf = "";
    p.stderr.on("data", (d) => {
      buf += d;
      const counts = [...buf.matchAll(/([\d,]+) records/g)].map((m) => Number(m[1].replace(/,/g, "")));
      if (counts.some((n) => n >= 20_000)) resolve();
    });
    p.on("exit", () => resolve());
  });
  await new Promise((r) => setTimeout(r, 300));
  p.kill("SIGKILL");
  await exited;
}

const pgUrl = () => freshPostgresUrl("intr");

const stores = [
  { name: "pglite", url: () => Promise.resolve(`pglite:${path.join(work, "db")}`) },
  { name: "postgres", url: pgUrl },
];

describe.each(stores)("an ingest killed mid-file ($name)", ({ url }) => {
  it("shows as interrupted with what it stored, without a re-run", { timeout: 180_000 }, async () => {
    const u = await url();
    await killMidIngest(u);
    const store = await openStore(u);
    await migrateStore(store, u);
    try {
      const stored = await store.prisma.cloudTrailEvent.count();
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(N);
      const [row] = (await listSources(store)).rows;
      expect(row.status).toBe("interrupted");
      // counts committed with the batches: not 0, never more than what is stored
      expect(row.ingested).toBeGreaterThan(0);
      expect(row.ingested).toBeLessThanOrEqual(stored);
      expect(await recoverInterruptedIngests(store)).toBe(1);
      const after = await store.prisma.ingestSource.findFirstOrThrow();
      expect(after.status).toBe("interrupted");
      expect(after.ingested).toBe(stored);
      expect(after.error).toMatch(/stopped before finishing/);
    } finally {
      await store.close();
    }
  });
});

process.on("exit", () => rmSync(work, { recursive: true, force: true }));
