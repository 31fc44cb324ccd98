import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { reconstructAll } from "@/lib/reconstruct";
import { reconstructionHook } from "@/lib/reconstruct/hook";
import { freshPostgresUrl } from "@/test/support/stores";
import { type StoreSnapshot, storeSnapshot, writeDemoCorpus } from "../support/multi-instance";

/**
 * Several app instances on one PostgreSQL (issue 13), without a build: two stores (two pools, two Prisma clients,
 * as two processes have) on one database ingest overlapping parts of the demo corpus file by file, each file's
 * ingest followed by its incremental relink + reconstruction, all at once, with `reconstructAll` running beside
 * them. The result must equal one clean run on a fresh database. On PGlite (one process) the "instances" are
 * concurrent callers of one store, which had the same races.
 */

const freshPgUrl = () => freshPostgresUrl("t");

/** Ingests each file on its own (as separate uploads would), reconstruction after each, `width` at a time. */
async function uploadEach(store: Store, files: string[], width: number): Promise<void> {
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const r = await ingestPaths(store, [f], { via: "api", afterFile: reconstructionHook(store) });
      const failed = r.files.filter((x) => x.error);
      if (failed.length) throw new Error(`${failed[0].path}: ${failed[0].error}`);
      for (const x of r.files)
        if (x.notes.some((n) => n.includes("reconstruction failed"))) throw new Error(`${x.path}: ${x.notes.join("; ")}`);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

describe("several instances on one store", () => {
  let dir: string;
  let files: string[];
  let expected: StoreSnapshot;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "aftermath-multi-"));
    files = writeDemoCorpus(dir);
    // the single clean run: one process, every file at once (as `aftermath ingest <dir>` does)
    const store = await openStore("pglite:memory");
    try {
      await migrateStore(store, "pglite:memory");
      await ingestPaths(store, [dir], { via: "cli", afterFile: reconstructionHook(store) });
      expected = await storeSnapshot(store.prisma);
    } finally {
      await store.close();
    }
    expect(expected.incidents.length).toBeGreaterThan(0);
    expect(expected.links.length).toBeGreaterThan(0);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Both halves overlap by a third; each instance takes its files in its own order. */
  function halves(): [string[], string[]] {
    const cut = Math.ceil(files.length / 3);
    const a = files.slice(0, files.length - cut);
    const b = files.slice(cut).reverse();
    return [a, b];
  }

  // A race shows only in some interleavings: a few rounds, each on a fresh database.
  it.each([1, 2, 3])(
    "PostgreSQL round %i: two stores on one database ingest overlapping files at once and end like one clean run",
    async () => {
      const url = await freshPgUrl();
      const first = await openStore(url);
      await migrateStore(first, url);
      const second = await openStore(url);
      try {
        const [a, b] = halves();
        await Promise.all([uploadEach(first, a, 3), uploadEach(second, b, 3), reconstructAll(second)]);
        expect(await storeSnapshot(first.prisma)).toEqual(expected);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    },
    300_000,
  );

  it("PGlite: concurrent callers of one store end like one clean run", async () => {
    const store = await openStore("pglite:memory");
    try {
      await migrateStore(store, "pglite:memory");
      const [a, b] = halves();
      await Promise.all([uploadEach(store, a, 2), uploadEach(store, b, 2), reconstructAll(store)]);
      expect(await storeSnapshot(store.prisma)).toEqual(expected);
    } finally {
      await store.close();
    }
  }, 300_000);
});
