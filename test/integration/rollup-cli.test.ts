import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateStore, openStore } from "@/lib/db";
import { aftermath, cliStores } from "@/test/support/cli-stores";
import { checkRollup } from "@/test/support/rollup-check";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/** `aftermath rollup rebuild` repairs a rollup that no longer matches the events (whole, and for a range). */
const N = 1500;
const work = mkdtempSync(path.join(tmpdir(), "aftermath-rollup-cli-"));
const file = path.join(work, "trail.jsonl");
const START = Date.UTC(2026, 4, 1, 6);
writeFileSync(
  file,
  `${Array.from({ length: N }, (_, i) => JSON.stringify(syntheticRecord(i, { seed: 3, total: N, startMs: START, spanMs: 6 * 3600_000 }))).join("\n")}\n`,
);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function withStore<T>(url: string, fn: (s: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(url);
  await migrateStore(store, url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe.each(cliStores("rollupcli"))("aftermath rollup rebuild on $name", ({ url }) => {
  it("recounts a damaged rollup, whole or for a range", { timeout: 240_000 }, async () => {
    const u = await url();
    expect(aftermath(u, "ingest", file, "--no-reconstruct").code).toBe(0);
    const damage = () =>
      withStore(u, async (s) => {
        await s.prisma
          .$executeRaw`UPDATE event_rollup SET count = count + 1 WHERE width_min = 1 AND bucket < ${new Date(START + 3600_000)}`;
        await s.prisma.$executeRaw`DELETE FROM event_rollup_total WHERE width_min = 60`;
        const c = await checkRollup(s);
        expect(c.all_diff).toBeGreaterThan(0);
        expect(c.total_diff).toBeGreaterThan(0);
      });
    await damage();
    const whole = aftermath(u, "rollup", "rebuild");
    expect(whole.stderr).toBe("");
    expect(whole.code).toBe(0);
    expect(await withStore(u, checkRollup)).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });

    await damage();
    const ranged = aftermath(
      u,
      "rollup",
      "rebuild",
      "--from",
      new Date(START - 1).toISOString(),
      "--to",
      new Date(START + 7 * 3600_000).toISOString(),
    );
    expect(ranged.code).toBe(0);
    expect(ranged.stdout).toMatch(/recounted for 8 hour/);
    expect(await withStore(u, checkRollup)).toEqual({ all_diff: 0, total_diff: 0, rollup_sum: N, events: N });

    const bad = aftermath(u, "rollup", "rebuild", "--from", "yesterday-ish");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--from: not an ISO time/);
  });
});
