import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { watchDirectories } from "@/lib/watch/watcher";
import { testStores } from "../support/stores";
import { syntheticRecord } from "../support/synthetic-cloudtrail";

// `aftermath watch`: each settled file ingested once, partial files waited for, a changed file again, restart-safe.
describe.each(testStores())("watch on $name", ({ open }) => {
  let store: Store;
  let dir: string;
  const records = (from: number, n: number) => JSON.stringify({ Records: Array.from({ length: n }, (_, i) => syntheticRecord(from + i)) });
  const old = (p: string) => utimesSync(p, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const once = (now = Date.now) => watchDirectories(store, { dirs: [dir], settleMs: 5000, once: true, now });
  const events = () => store.prisma.cloudTrailEvent.count();

  beforeAll(async () => {
    store = await open();
    dir = mkdtempSync(path.join(tmpdir(), "aftermath-watch-"));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("ingests settled files once, waits for a file still being written, ignores the syncer's temp files", async () => {
    const a = path.join(dir, "a.json");
    writeFileSync(a, records(0, 3));
    old(a);
    const partial = path.join(dir, "b.json");
    writeFileSync(partial, records(100, 2)); // just written: not settled yet
    writeFileSync(path.join(dir, "c.json.1a2b3c4d"), records(200, 5)); // aws s3 sync's in-flight name
    old(path.join(dir, "c.json.1a2b3c4d"));
    expect(await once()).toBe(1);
    expect(await events()).toBe(3);
    // later: b has settled
    expect(await once(() => Date.now() + 10_000)).toBe(1);
    expect(await events()).toBe(5);
  });

  it("a restarted watcher ingests nothing twice", async () => {
    const sources = await store.prisma.ingestSource.count();
    expect(await once(() => Date.now() + 10_000)).toBe(0);
    expect(await store.prisma.ingestSource.count()).toBe(sources);
  });

  it("a changed file is ingested again (new records kept, old ones de-duplicated)", async () => {
    const a = path.join(dir, "a.json");
    writeFileSync(a, records(0, 4));
    old(a);
    expect(await once()).toBe(1);
    expect(await events()).toBe(6);
  });

  it("a file whose ingest a killed run left unfinished is not skipped", async () => {
    const b = path.join(dir, "b.json");
    await store.prisma.ingestSource.updateMany({ where: { path: b }, data: { status: "interrupted" } });
    expect(await once(() => Date.now() + 10_000)).toBe(1);
    const done = await store.prisma.ingestSource.findMany({ where: { path: b, status: "done" } });
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(await events()).toBe(6);
  });
});
