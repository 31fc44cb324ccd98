import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { checkRollupSql, type RollupCheck } from "@/test/support/rollup-check";
import { freshPostgresUrl } from "@/test/support/stores";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * Kill `aftermath ingest` (SIGKILL) at several moments, run it again, and compare with one clean run:
 * the same events and the same quarantine rows.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "aftermath-crash-"));
const file = path.join(work, "big.jsonl");
const N = 40_000;
{
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    lines.push(JSON.stringify(syntheticRecord(i, { seed: 5, total: N })));
    if (i % 5000 === 17) lines.push(`{"broken": line ${i}`);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

function cli(url: string) {
  return spawn("node", ["lib/cli/bin.mjs", "ingest", file, "--json", "--no-reconstruct"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, AFTERMATH_PROGRESS: "lines" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function runToEnd(url: string): Promise<number> {
  const p = cli(url);
  return new Promise((resolve) => p.on("exit", (code) => resolve(code ?? -1)));
}

/** Starts an ingest, waits until it reports `records` read, waits `ms` more, then SIGKILLs it. */
async function killAfter(url: string, records: number, ms: number): Promise<void> {
  const p = cli(url);
  await new Promise<void>((resolve) => {
    let buf = "";
    p.stderr!.on("data", (d) => {
      buf += d;
      const counts = [...buf.matchAll(/([\d,]+) records/g)].map((m) => Number(m[1].replace(/,/g, "")));
      if (counts.some((n) => n >= records)) resolve();
    });
    p.on("exit", () => resolve());
  });
  await new Promise((r) => setTimeout(r, ms));
  p.kill("SIGKILL");
  await new Promise((r) => (p.exitCode !== null || p.signalCode ? r(null) : p.on("exit", r)));
}

async function snapshot(url: string) {
  const store: Store = await openStore(url);
  await migrateStore(store, url);
  try {
    return await store.session(async (s) => ({
      events: await s.query<{ event_id: string; content: string }>(
        "SELECT event_id, md5(raw::text) AS content FROM cloudtrail_event ORDER BY event_id",
      ),
      quarantine: await s.query<{ file_sha256: string; record_index: number; reason: string }>(
        "SELECT file_sha256, record_index, reason FROM quarantined_record ORDER BY record_index",
      ),
      pending: (await s.query<{ n: number }>("SELECT count(*)::int AS n FROM quarantined_record WHERE file_sha256 LIKE 'pending:%'"))[0].n,
      // the chart rollup is written in the events' own transaction: after any kill it still equals a recount
      rollup: await checkRollupSql((sql) => s.query<RollupCheck>(sql)),
    }));
  } finally {
    await store.close();
  }
}

const pgDatabase = () => freshPostgresUrl("crash");

const stores = [
  { name: "pglite", url: (tag: string) => Promise.resolve(`pglite:${path.join(work, tag)}`) },
  { name: "postgres", url: () => pgDatabase() },
];

describe.each(stores)("crash safety on $name", ({ url }) => {
  it("a killed ingest, run again, ends in the same rows as one clean run", { timeout: 600_000 }, async () => {
    const clean = await url("clean");
    expect(await runToEnd(clean)).toBe(2); // quarantined lines → exit 2
    const expected = await snapshot(clean);
    expect(expected.events.length).toBe(N);
    expect(expected.quarantine.length).toBe(8);

    const crashed = await url("crashed");
    const partial: number[] = [];
    for (const [records, ms] of [
      [1, 0],
      [10_000, 150],
      [25_000, 400],
    ]) {
      await killAfter(crashed, records, ms);
      const after = await snapshot(crashed);
      partial.push(after.events.length);
      expect(after.rollup).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: after.events.length, events: after.events.length });
    }
    // at least one kill landed mid-ingest (some rows stored, not all)
    expect(
      partial.some((n) => n > 0 && n < N),
      `rows after each kill: ${partial.join(", ")}`,
    ).toBe(true);
    expect(await runToEnd(crashed)).toBe(2);
    const got = await snapshot(crashed);
    expect(got.events).toEqual(expected.events);
    expect(got.quarantine).toEqual(expected.quarantine);
    expect(got.pending).toBe(0);
    expect(got.rollup).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });
  });
});

process.on("exit", () => rmSync(work, { recursive: true, force: true }));
