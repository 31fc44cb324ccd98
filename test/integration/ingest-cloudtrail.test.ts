import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { testStores } from "../support/stores";
import { corpusFile, expectCountsAddUp, ingestBytes, ingestCorpusFile } from "../support/ingest-helpers";
import { expandPaths, ingestPaths } from "@/lib/ingest/pipeline";
import { syntheticRecord } from "@/lib/synthetic/cloudtrail";
import type { Store } from "@/lib/db";

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
    const same = await ingestBytes(store, "again.jsonl", JSON.stringify(rec) + "\n");
    expect(same).toMatchObject({ ingested: 0, duplicates: 1, conflicts: 0 });
    const changed = { ...rec, eventName: "DeleteBucket" };
    const c = await ingestBytes(store, "changed.json", JSON.stringify([changed]));
    expect(c).toMatchObject({ ingested: 0, duplicates: 1, conflicts: 1 });
    const kept = await store.prisma.cloudTrailEvent.findUnique({ where: { eventId: rec.eventID as string } });
    expect(kept?.eventName).toBe(rec.eventName);
    expect(await store.prisma.eventConflict.count({ where: { eventId: rec.eventID as string } })).toBe(1);
    // the same event delivered through EventBridge and lookup-events is still one row
    const eb = { version: "0", id: "x", "detail-type": "AWS API Call via CloudTrail", source: "aws.ec2", account: "111122223333", time: rec.eventTime, region: "us-east-1", resources: [], detail: rec };
    expect(await ingestBytes(store, "eb.json", JSON.stringify(eb))).toMatchObject({ ingested: 0, duplicates: 1 });
    const lookup = { Events: [{ EventId: rec.eventID, EventName: rec.eventName, EventTime: "2021-11-18T09:41:02-08:00", CloudTrailEvent: JSON.stringify(rec) }] };
    expect(await ingestBytes(store, "lookup.json", JSON.stringify(lookup))).toMatchObject({ ingested: 0, duplicates: 1 });
  });

  it("quarantines bad records with file, position and reason, keeping the valid ones", async () => {
    const good = syntheticRecord(1, { seed: 7 });
    const lines = [JSON.stringify(good), "{not json", JSON.stringify({ ...syntheticRecord(2, { seed: 7 }), eventTime: "yesterday-ish" }), JSON.stringify({ ...syntheticRecord(3, { seed: 7 }), eventName: 42 }), JSON.stringify(syntheticRecord(4, { seed: 7 }))];
    const r = await ingestBytes(store, "mixed.jsonl", lines.join("\n") + "\n");
    expect(r).toMatchObject({ read: 5, ingested: 2, quarantined: 3 });
    const rows = await store.prisma.quarantinedRecord.findMany({ where: { sourceId: r.sourceId! }, orderBy: { recordIndex: "asc" } });
    expect(rows.map((x) => [x.recordIndex, x.line])).toEqual([[1, 2], [2, 3], [3, 4]]);
    expect(rows[1].reason).toMatch(/eventTime/);
    expect(rows[2].reason).toMatch(/eventName/);
    const source = await store.prisma.ingestSource.findUnique({ where: { id: r.sourceId! } });
    expect(source).toMatchObject({ status: "done", read: 5, ingested: 2, quarantined: 3, fileName: "mixed.jsonl" });
  });

  it("normalizes and stores a real event with its identity, resources, risk and raw record", async () => {
    await ingestCorpusFile(store, "cloudtrail/awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.07.error-code-and-message-log-example.json");
    const e = await store.prisma.cloudTrailEvent.findFirst({ where: { eventName: "UpdateTrail" } });
    expect(e).toMatchObject({ executed: false, errorCode: "TrailNotFoundException" });
    expect(e?.raw).toMatchObject({ eventName: "UpdateTrail" });
    const stratus = JSON.parse(readFileSync(corpusFile("cloudtrail/stratus-red-team/detonation-logs/aws.defense-evasion.cloudtrail-delete.json"), "utf8"));
    const del = stratus.find((x: { eventName: string }) => x.eventName === "DeleteTrail");
    const row = await store.prisma.cloudTrailEvent.findUnique({ where: { eventId: del.eventID } });
    expect(row?.risk).toBe("destructive");
    expect(row?.searchText).toContain("deletetrail");
  });
});
