import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeRecord } from "@/lib/cloudtrail";
import type { Store } from "@/lib/db";
import { CloudTrailWriter } from "@/lib/ingest/cloudtrail-writer";
import { EventCopyTextBatcher } from "@/lib/ingest/event-copy-text";
import { expandPaths, ingestPaths } from "@/lib/ingest/pipeline";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { corpusFile, expectCountsAddUp, ingestBytes, ingestCorpusFile } from "../support/ingest-helpers";
import { testStores } from "../support/stores";

describe.each(testStores())("CloudTrail ingest on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("ingests every corpus CloudTrail file without a crash and with counts adding up; a second run stores nothing new", async () => {
    const dir = corpusFile("cloudtrail");
    const { files } = await expandPaths([dir]);
    expect(files.length).toBeGreaterThan(60);
    const first = await ingestPaths(store, [dir], { via: "cli" });
    for (const f of first.files) {
      expect(f.error, f.path).toBeNull();
      expectCountsAddUp(f);
    }
    expect(first.read).toBe(first.ingested + first.duplicates + first.quarantined + first.skipped);
    const stratus = first.files.filter((f) => f.path.includes("stratus-red-team"));
    expect(stratus.reduce((n, f) => n + f.ingested + f.duplicates, 0)).toBe(310);
    const digest = first.files.find((f) => f.path.endsWith("test-cloudtrail-digest-json.log"))!;
    expect(digest.skipped).toBe(1);
    expect(digest.quarantined).toBe(0);
    const before = await store.prisma.cloudTrailEvent.count();
    expect(before).toBe(first.ingested);

    const second = await ingestPaths(store, [dir], { via: "cli" });
    expect(second.ingested).toBe(0);
    expect(second.duplicates).toBe(first.ingested + first.duplicates);
    expect(await store.prisma.cloudTrailEvent.count()).toBe(before);
    // quarantine is not stored twice for the same file
    const q = await store.prisma.quarantinedRecord.count();
    expect(q).toBe(first.quarantined);
  });

  it("stores records whose text holds escapes jsonb refuses (\\u0000, lone surrogates) without failing the batch they travel in", async () => {
    const records: Record<string, unknown>[] = Array.from({ length: 40 }, (_, i) => syntheticRecord(i, { seed: 77, total: 40 }));
    records[10].requestParameters = { note: "nul\u0000here", lone: "\ud800x", literal: "a\\u0000b", pair: "😀" };
    records[20].userAgent = "agent\u0000\udc00";
    const r = await ingestBytes(store, "hostile-escapes.json", JSON.stringify({ Records: records }));
    expect(r).toMatchObject({ read: 40, ingested: 40, quarantined: 0, error: null });
    const ev = await store.prisma.cloudTrailEvent.findFirst({ where: { eventId: String(records[10].eventID) } });
    const params = (ev!.raw as { requestParameters: Record<string, string> }).requestParameters;
    expect(params).toEqual({ note: "nul\uFFFDhere", lone: "\uFFFDx", literal: "a\\u0000b", pair: "😀" });
    const ua = await store.prisma.cloudTrailEvent.findFirst({ where: { eventId: String(records[20].eventID) } });
    expect(ua!.userAgent).toBe("agent\uFFFD\uFFFD");
  });

  it("COPYs new rows straight into the table and falls back to the staged insert when a batch holds a duplicate", async () => {
    const records = Array.from({ length: 5000 }, (_, i) => syntheticRecord(i, { seed: 91, total: 5000 }));
    const write = (rows: typeof records, sourceId: string) =>
      store.session(async (s) => {
        const writer = new CloudTrailWriter(s, randomUUID(), 1000);
        const batcher = new EventCopyTextBatcher(500);
        for (let i = 0; i < rows.length; i++) {
          const n = normalizeRecord(rows[i]);
          if (!n.ok) throw new Error(n.reason);
          const chunk = batcher.add(n.event, sourceId, i);
          if (chunk) await writer.addCopyText(chunk, sourceId);
        }
        const last = batcher.take();
        if (last) await writer.addCopyText(last, sourceId);
        await writer.close();
        return { totals: writer.totalsFor(sourceId), batches: writer.batches };
      });
    const source = async () =>
      (await store.prisma.ingestSource.create({ data: { kind: "cloudtrail", fileName: "w.json", sha256: "w", sizeBytes: 0n } })).id;

    const fresh = await write(records.slice(0, 1500), await source());
    expect(fresh.totals).toEqual({ staged: 1500, inserted: 1500, conflicts: 0 });
    expect(fresh.batches).toEqual({ direct: 2, staged: 0 });

    // 1,500 known then 3,500 new, in batches of 1,000: the first two batches hold duplicates (the direct COPY fails
    // whole and the staged insert skips them), two clean staged batches later the writer goes direct again.
    const mixed = await write(records, await source());
    expect(mixed.totals).toEqual({ staged: 5000, inserted: 3500, conflicts: 0 });
    expect(mixed.batches).toEqual({ direct: 1, staged: 4 });

    // The same event twice in one batch, one with other content: stored once, the conflict recorded.
    const twin = { ...records[4999], eventID: "twin-event-0001" };
    const changed = { ...twin, eventName: "DeleteBucket" };
    const dup = await write([twin, changed, records[0]], await source());
    expect(dup.totals).toEqual({ staged: 3, inserted: 1, conflicts: 1 });
    expect(await store.prisma.cloudTrailEvent.count({ where: { eventId: "twin-event-0001" } })).toBe(1);
    expect(await store.prisma.eventConflict.count({ where: { eventId: "twin-event-0001" } })).toBe(1);
  });

  it("reads .json.gz, and keeps the records before the cut of a truncated gzip while quarantining the rest", async () => {
    const records = Array.from({ length: 2000 }, (_, i) => syntheticRecord(i, { seed: 42, total: 2000 }));
    const gz = gzipSync(Buffer.from(JSON.stringify({ Records: records })));
    const ok = await ingestBytes(store, "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/a.json.gz", gz);
    expect(ok).toMatchObject({ read: 2000, ingested: 2000, quarantined: 0, format: "cloudtrail-records" });

    const records2 = Array.from({ length: 2000 }, (_, i) => syntheticRecord(i, { seed: 43, total: 2000 }));
    const gz2 = gzipSync(Buffer.from(JSON.stringify({ Records: records2 })));
    const cut = await ingestBytes(store, "cut.json.gz", gz2.subarray(0, Math.floor(gz2.length * 0.6)));
    expectCountsAddUp(cut);
    expect(cut.ingested).toBeGreaterThan(500);
    expect(cut.ingested).toBeLessThan(2000);
    expect(cut.quarantined).toBeGreaterThanOrEqual(1);
    expect(cut.quarantine.some((e) => /truncated gzip/i.test(e.reason))).toBe(true);
    const stored = await store.prisma.quarantinedRecord.findMany({ where: { sourceId: cut.sourceId! } });
    expect(stored.length).toBe(cut.quarantined);
    expect(stored[0].fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stores the same eventID once, and records a conflict when its content differs", async () => {
    const rec = syntheticRecord(5, { seed: 99 });
    const a = await ingestBytes(store, "one.json", JSON.stringify({ Records: [rec] }));
    expect(a.ingested).toBe(1);
    const same = await ingestBytes(store, "again.jsonl", `${JSON.stringify(rec)}\n`);
    expect(same).toMatchObject({ ingested: 0, duplicates: 1, conflicts: 0 });
    const changed = { ...rec, eventName: "DeleteBucket" };
    const c = await ingestBytes(store, "changed.json", JSON.stringify([changed]));
    expect(c).toMatchObject({ ingested: 0, duplicates: 1, conflicts: 1 });
    const kept = await store.prisma.cloudTrailEvent.findFirst({ where: { eventId: rec.eventID as string } });
    expect(kept?.eventName).toBe(rec.eventName);
    expect(await store.prisma.eventConflict.count({ where: { eventId: rec.eventID as string } })).toBe(1);
    // the same event delivered through EventBridge and lookup-events is still one row
    const eb = {
      version: "0",
      id: "x",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.ec2",
      account: "111122223333",
      time: rec.eventTime,
      region: "us-east-1",
      resources: [],
      detail: rec,
    };
    expect(await ingestBytes(store, "eb.json", JSON.stringify(eb))).toMatchObject({ ingested: 0, duplicates: 1 });
    const lookup = {
      Events: [
        { EventId: rec.eventID, EventName: rec.eventName, EventTime: "2021-11-18T09:41:02-08:00", CloudTrailEvent: JSON.stringify(rec) },
      ],
    };
    expect(await ingestBytes(store, "lookup.json", JSON.stringify(lookup))).toMatchObject({ ingested: 0, duplicates: 1 });
  });

  it("quarantines bad records with file, position and reason, keeping the valid ones", async () => {
    const good = syntheticRecord(1, { seed: 7 });
    const lines = [
      JSON.stringify(good),
      "{not json",
      JSON.stringify({ ...syntheticRecord(2, { seed: 7 }), eventTime: "yesterday-ish" }),
      JSON.stringify({ ...syntheticRecord(3, { seed: 7 }), eventName: 42 }),
      JSON.stringify(syntheticRecord(4, { seed: 7 })),
    ];
    const r = await ingestBytes(store, "mixed.jsonl", `${lines.join("\n")}\n`);
    expect(r).toMatchObject({ read: 5, ingested: 2, quarantined: 3 });
    const rows = await store.prisma.quarantinedRecord.findMany({ where: { sourceId: r.sourceId! }, orderBy: { recordIndex: "asc" } });
    expect(rows.map((x) => [x.recordIndex, x.line])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(rows[1].reason).toMatch(/eventTime/);
    expect(rows[2].reason).toMatch(/eventName/);
    const source = await store.prisma.ingestSource.findUnique({ where: { id: r.sourceId! } });
    expect(source).toMatchObject({ status: "done", read: 5, ingested: 2, quarantined: 3, fileName: "mixed.jsonl" });
  });

  it("normalizes and stores a real event with its identity, resources, risk and raw record", async () => {
    await ingestCorpusFile(
      store,
      "cloudtrail/awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.07.error-code-and-message-log-example.json",
    );
    const e = await store.prisma.cloudTrailEvent.findFirst({ where: { eventName: "UpdateTrail" } });
    expect(e).toMatchObject({ executed: false, errorCode: "TrailNotFoundException" });
    expect(e?.raw).toMatchObject({ eventName: "UpdateTrail" });
    const stratus = JSON.parse(
      readFileSync(corpusFile("cloudtrail/stratus-red-team/detonation-logs/aws.defense-evasion.cloudtrail-delete.json"), "utf8"),
    );
    const del = stratus.find((x: { eventName: string }) => x.eventName === "DeleteTrail");
    const row = await store.prisma.cloudTrailEvent.findFirst({ where: { eventId: del.eventID } });
    expect(row?.risk).toBe("destructive");
    expect(row?.searchText).toContain("deletetrail");
  });
});
