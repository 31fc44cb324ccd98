import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { TINY_INVALID, tinyInvalidFile } from "@/test/bench/invalid-bench";
import { testStores } from "../../support/stores";

/**
 * Issue 14 item 7: a file of nothing but tiny invalid records (2M took 140 s). Every record is still quarantined,
 * counted and named by file and record; quarantine rows travel in batches and are staged, then stored with the
 * file's hash in one statement (lib/ingest/quarantine-writer.ts). `npm run bench:invalid` times the 2M case.
 */
const N = 200_000;

type Row = { n: number; distinct: number; lo: number; hi: number; sha: number };

describe.each(testStores())("a file of tiny invalid records ($name)", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it(`quarantines all ${N.toLocaleString("en")} of them, each named by record and line`, { timeout: 600_000 }, async () => {
    const r = await ingestFile(store, { name: "tiny-invalid.jsonl", chunks: tinyInvalidFile(N), via: "cli" });
    expect(r.error).toBeFalsy();
    expect(r.read).toBe(N + 1);
    expect(r.ingested).toBe(1);
    expect(r.quarantined).toBe(N);
    const sourceId = r.sourceId ?? "";
    expect(sourceId).not.toBe("");
    const [row] = await store.session((s) =>
      s.query<Row>(
        `SELECT count(*)::int AS n, count(DISTINCT record_index)::int AS distinct, min(record_index) AS lo, max(record_index) AS hi,
                count(DISTINCT file_sha256)::int AS sha
         FROM quarantined_record WHERE source_id = $1::uuid`,
        [sourceId],
      ),
    );
    expect(row).toEqual({ n: N, distinct: N, lo: 1, hi: N, sha: 1 });
    const source = await store.prisma.ingestSource.findUniqueOrThrow({ where: { id: sourceId } });
    expect(source.quarantined).toBe(N);
    expect(source.fileName).toBe("tiny-invalid.jsonl");
    // the last record: its reason names it, its raw text is kept
    const last = await store.prisma.quarantinedRecord.findFirstOrThrow({ where: { sourceId, recordIndex: N } });
    expect(last.reason).toContain(`record ${N} (line ${N + 1})`);
    expect(last.line).toBe(N + 1);
    expect(last.rawText).toBe(TINY_INVALID[(N - 1) % TINY_INVALID.length]);
  });

  it("re-ingesting the same file adds no quarantine rows twice", { timeout: 120_000 }, async () => {
    const count = (id: string) => store.prisma.quarantinedRecord.count({ where: { source: { fileName: id } } });
    const first = await ingestFile(store, { name: "again.jsonl", chunks: tinyInvalidFile(7000), via: "cli" });
    const before = await store.prisma.quarantinedRecord.count();
    const second = await ingestFile(store, { name: "again.jsonl", chunks: tinyInvalidFile(7000), via: "cli" });
    expect(first.quarantined).toBe(7000);
    expect(second.quarantined).toBe(7000);
    expect(await store.prisma.quarantinedRecord.count()).toBe(before);
    expect(await count("again.jsonl")).toBe(7000);
  });
});
