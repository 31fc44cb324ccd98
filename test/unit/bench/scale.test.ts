import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { isScaleRun, parseBenchArgs } from "@/test/bench/args";
import { percentile } from "@/test/bench/http-bench";
import { readPeakRss } from "@/test/bench/rss";
import { checkpointLine, queryCheckpoints, scaleNeedle } from "@/test/bench/scale";
import { chunkRecordIndex, chunkRecords, writeChunk } from "@/test/bench/stream-corpus";

describe("scale bench options", () => {
  it("parses --checkpoints, --http, --http-requests, --port; big runs are scale runs", () => {
    const o = parseBenchArgs(["--records", "10M", "--checkpoints", "1M", "--http", "--http-requests", "30", "--port", "4001"]);
    expect([o.records, o.checkpoints, o.http, o.httpRequests, o.httpPort]).toEqual([10_000_000, 1_000_000, true, 30, 4001]);
    expect(isScaleRun(o)).toBe(true);
    expect(isScaleRun(parseBenchArgs(["--records", "10000000"]))).toBe(true);
    expect(isScaleRun(parseBenchArgs(["--records", "200k"]))).toBe(false);
    expect(isScaleRun(parseBenchArgs(["--records", "200k", "--http"]))).toBe(true);
    expect(() => parseBenchArgs(["--port", "70000"])).toThrow(/65535/);
    expect(() => parseBenchArgs(["--checkpoints", "0"])).toThrow(/≥ 1/);
  });
});

describe("streamed corpus chunks", () => {
  it("cover every record index exactly once, in sizes that add up", () => {
    for (const [records, chunks] of [
      [10, 3],
      [2_000_000, 2],
      [1001, 10],
    ]) {
      const spec = { records, chunks, fileRecords: 1000, seed: 1 };
      let sum = 0;
      const seen = new Set<number>();
      for (let c = 0; c < chunks; c++) {
        const n = chunkRecords(spec, c);
        sum += n;
        if (records < 5000) for (let j = 0; j < n; j++) seen.add(chunkRecordIndex(spec, c, j));
      }
      expect(sum).toBe(records);
      if (records < 5000) expect(seen.size).toBe(records);
    }
  });

  it("measures queries at the first checkpoint past 1M and at the last", () => {
    expect([...queryCheckpoints(10_000_000, 10)].sort((a, b) => a - b)).toEqual([0, 9]);
    expect([...queryCheckpoints(2_000_000, 4)].sort((a, b) => a - b)).toEqual([1, 3]);
    expect([...queryCheckpoints(200_000, 2)]).toEqual([1]);
  });

  it("writes a chunk as gzipped S3 files holding exactly its records, the needle among them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "scale-chunk-"));
    try {
      const spec = { records: 3000, chunks: 3, fileRecords: 100, seed: 1 };
      const r = writeChunk(dir, spec, 0, 7);
      const files: string[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true }))
          e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name));
      };
      walk(r.dir);
      expect(files.length).toBe(r.files);
      const records = files.flatMap((f) => JSON.parse(gunzipSync(readFileSync(f)).toString()).Records as { requestParameters: unknown }[]);
      expect(records.length).toBe(1000);
      expect(JSON.stringify(records)).toContain(scaleNeedle(spec));
      expect(files.every((f) => /_\d{6}\.json\.gz$/.test(f))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("scale report helpers", () => {
  it("percentiles and the checkpoint line", () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(10);
    expect(percentile(xs, 95)).toBe(19);
    expect(
      checkpointLine({
        rows: 2_000_000,
        chunkRecords: 1_000_000,
        generateMs: 30_000,
        gzBytes: 104e6,
        ingestMs: 70_000,
        eventsPerSec: 14_285.7,
        ingestPeakRssBytes: 400 * 2 ** 20,
        databaseBytes: 6.3e9,
        tableBytes: 6.2e9,
      }),
    ).toBe(
      "2M: 14,286 ev/s (chunk of 1,000,000 ingested in 70.0 s, generated in 30.0 s, 104 MB gz; ingest peak RSS 400 MiB; cloudtrail_event 6.20 GB, database 6.30 GB)",
    );
  });

  it("reads this process's peak RSS on Linux", () => {
    if (process.platform !== "linux") return;
    expect(readPeakRss("self")).toBeGreaterThan(10 * 2 ** 20);
  });
});
