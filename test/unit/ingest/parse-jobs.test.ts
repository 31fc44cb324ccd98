import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { SizeLimitError } from "@/lib/ingest/byte-source";
import { InlineParseJob } from "@/lib/ingest/parse/inline-job";
import { type ParseOutput, parseCloudTrail } from "@/lib/ingest/parse/parse-cloudtrail";
import { MAX_OUTPUT_CHUNKS, type ParseJob } from "@/lib/ingest/parse/parse-job";
import { ParsePool, parseWorkerCount } from "@/lib/ingest/parse/parse-pool";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

const SOURCE = "00000000-0000-4000-8000-000000000001";

function corpus(n: number, bad = false): Buffer {
  const records: unknown[] = Array.from({ length: n }, (_, i) => syntheticRecord(i, { seed: 5, total: n }));
  if (bad) records.splice(3, 0, { eventName: "NoTime" }, "not an object");
  return gzipSync(Buffer.from(JSON.stringify({ Records: records })));
}

function* chunks(buf: Buffer, size: number) {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function run(job: ParseJob, buf: Buffer, size = 4096): Promise<ParseOutput[]> {
  const pump = (async () => {
    for (const c of chunks(buf, size)) {
      await job.room();
      job.push(c);
    }
    job.end();
  })();
  const outs: ParseOutput[] = [];
  for await (const o of job.outputs) outs.push(o);
  await pump;
  return outs;
}

/** Rows, quarantine and summary of a parse, comparable across ways of running it. */
function digest(outs: ParseOutput[]) {
  const rows = outs
    .filter((o) => o.type === "rows")
    .map((o) => Buffer.from(o.chunk.data).toString("utf8"))
    .join("");
  const quarantine = outs.flatMap((o) => (o.type === "quarantine" ? o.items : []));
  const done = outs.at(-1);
  return { rows, quarantine, summary: done?.type === "done" ? done.summary : null };
}

describe("CloudTrail parse jobs", () => {
  const pool = new ParsePool(2);
  afterAll(() => pool.close());

  it("the worker pool and the inline job produce the same rows, quarantine and summary as the plain function", async () => {
    const buf = corpus(3000, true);
    const direct: ParseOutput[] = [];
    await parseCloudTrail(Readable.from(chunks(buf, 65536)), { fileName: "a.json.gz", sourceId: SOURCE, chunkRows: 700 }, (o) => {
      direct.push(o);
    });
    const expected = digest(direct);
    expect(expected.summary).toMatchObject({ records: 3002, events: 3000, quarantined: 2, gzip: true, format: "cloudtrail-records" });
    expect(expected.rows.split("\n").length - 1).toBe(3000);
    expect(direct.filter((o) => o.type === "rows").map((o) => (o.type === "rows" ? o.chunk.rows : 0))).toEqual([700, 700, 700, 700, 200]);

    const inline = await run(new InlineParseJob({ fileName: "a.json.gz", sourceId: SOURCE, chunkRows: 700 }), buf);
    const [w1, w2] = await Promise.all([
      run(pool.start({ fileName: "a.json.gz", sourceId: SOURCE, chunkRows: 700 }), buf),
      run(pool.start({ fileName: "a.json.gz", sourceId: SOURCE, chunkRows: 700 }), buf, 1000),
    ]);
    for (const outs of [inline, w1, w2]) expect(digest(outs)).toEqual(expected);
  });

  it("holds back input while outputs wait to be read (bounded memory)", async () => {
    const job = new InlineParseJob({ fileName: "b.json.gz", sourceId: SOURCE, chunkRows: 10 });
    const buf = corpus(2000);
    let pushed = 0;
    const pump = (async () => {
      for (const c of chunks(buf, 512)) {
        await job.room();
        job.push(c);
        pushed++;
      }
      job.end();
    })();
    // Nobody reads: the pump must stall once MAX_OUTPUT_CHUNKS row chunks wait.
    await new Promise((r) => setTimeout(r, 300));
    const total = Math.ceil(buf.length / 512);
    expect(pushed).toBeLessThan(total);
    let rowChunks = 0;
    for await (const o of job.outputs) if (o.type === "rows") rowChunks++;
    await pump;
    expect(pushed).toBe(total);
    expect(rowChunks).toBe(200);
    expect(MAX_OUTPUT_CHUNKS).toBeLessThan(200);
  });

  it("an input error (size limit) ends the outputs with that error, on a worker too", async () => {
    for (const job of [
      new InlineParseJob({ fileName: "c.json", sourceId: SOURCE }),
      pool.start({ fileName: "c.json", sourceId: SOURCE }),
    ]) {
      job.push(Buffer.from('{"Records":['));
      job.abort(new SizeLimitError(10));
      const seen: unknown[] = [];
      const err = await (async () => {
        for await (const o of job.outputs) seen.push(o);
      })().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SizeLimitError);
      await job.room(); // never blocks once failed
    }
  });

  it("reads AFTERMATH_PARSE_WORKERS, and refuses nonsense", () => {
    expect(parseWorkerCount("0")).toBe(0);
    expect(parseWorkerCount("3")).toBe(3);
    expect(parseWorkerCount(undefined)).toBeGreaterThanOrEqual(1);
    expect(() => parseWorkerCount("two")).toThrow(/AFTERMATH_PARSE_WORKERS/);
    expect(() => parseWorkerCount("-1")).toThrow(/AFTERMATH_PARSE_WORKERS/);
  });
});
