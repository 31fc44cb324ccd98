import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_USAGE, BenchArgError, type BenchOptions, type BenchStoreKind, isScaleRun, parseBenchArgs } from "./args";
import { measureBreakdown } from "./breakdown";
import { type Corpus, ensureCorpus } from "./corpus";
import { formatProfileSummary, summarizeProfileDir } from "./cpu-profile";
import { measureIngest } from "./ingest";
import { measureQueries } from "./queries";
import { measureRaw } from "./raw";
import { measureReconstruction } from "./reconstruct";
import { breakdownTable, ingestRatio, jsonLine, RATIO_GOAL, resultTable, type StoreResult } from "./report";
import { benchScale, scaleJsonLine, scaleReport } from "./scale";
import { type BenchTarget, openMigrated, pgliteTarget, postgresTarget } from "./targets";

/**
 * `npm run bench` (test/bench/bin.mjs): generates the synthetic S3 corpus, then per store measures (a) the raw
 * limit, (b) `aftermath ingest` end to end, (c) query latency, (d) reconstruction at 1M events; prints a table, then
 * one JSON line per store.
 */

const errMsg = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function withStore<T>(url: string, fn: (store: Awaited<ReturnType<typeof openMigrated>>) => Promise<T>): Promise<T> {
  const store = await openMigrated(url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function benchStore(target: BenchTarget, corpus: Corpus, o: BenchOptions, log: (m: string) => void): Promise<StoreResult> {
  const r: StoreResult = {
    store: target.kind,
    description: target.description,
    records: corpus.records,
    raw: null,
    ingest: null,
    queries: null,
    reconstruct: null,
    errors: [],
  };
  const step = async (name: string, fn: () => Promise<void>) => {
    const t = Date.now();
    log(`${target.kind}: ${name}…`);
    try {
      await fn();
      log(`${target.kind}: ${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } catch (e) {
      r.errors.push(`${name}: ${errMsg(e)}`);
      log(`${target.kind}: ${name} FAILED: ${errMsg(e)}`);
    }
  };
  await step("(a) raw limit", async () => {
    const url = await target.freshDatabase("raw");
    r.raw = await withStore(url, (store) => measureRaw(store, corpus.files));
  });
  let ingestUrl: string | null = null;
  await step("(b) aftermath ingest", async () => {
    ingestUrl = await target.freshDatabase("ingest");
    r.ingest = await measureIngest(ingestUrl, corpus.dir, { cpuProfDir: o.cpuProfDir ? path.join(o.cpuProfDir, target.kind) : null });
    if (r.ingest.ingested !== corpus.records) throw new Error(`ingested ${r.ingest.ingested} of ${corpus.records} records`);
  });
  if (ingestUrl) {
    const url: string = ingestUrl;
    await step("(c) queries", async () => {
      r.queries = await withStore(url, (store) => measureQueries(store, corpus, o.runs, o.warmup));
    });
  }
  if (o.breakdown) {
    await step("(b') ingest breakdown", async () => {
      const url = await target.freshDatabase("breakdown");
      r.breakdown = await withStore(url, (store) => measureBreakdown(store, corpus.files));
    });
  }
  if (o.reconstructEvents > 0) {
    await step(`(d) reconstruction at ${o.reconstructEvents.toLocaleString("en-US")} events`, async () => {
      const url = await target.freshDatabase("reconstruct");
      r.reconstruct = await withStore(url, (store) =>
        measureReconstruction(store, o.reconstructEvents, (m) => log(`${target.kind}: ${m}`)),
      );
    });
  }
  return r;
}

function notes(corpus: Corpus, results: StoreResult[], load: { start: number[]; end: number[] }): string[] {
  const out: string[] = [];
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  out.push(
    `corpus: ${corpus.records.toLocaleString("en-US")} synthetic CloudTrail records in ${corpus.files.length} gzipped S3 files (${mb(corpus.gzBytes)} gzipped, ${mb(corpus.jsonBytes)} JSON) — ${corpus.dir}${corpus.cached ? " (cached)" : ""}`,
  );
  out.push(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load average at start ${la(load.start)}, at end ${la(load.end)} (other processes compete for the CPUs: compare runs on a quiet machine)`,
  );
  for (const r of results) {
    out.push(`${r.store}: ${r.description}`);
    if (r.raw)
      out.push(
        `  (a) rows prepared untimed in ${(r.raw.prepareMs / 1000).toFixed(1)} s; timed ${(r.raw.ms / 1000).toFixed(2)} s = read+gunzip+JSON.parse ${(r.raw.parseMs / 1000).toFixed(2)} s + waiting on COPY ${(r.raw.copyWaitMs / 1000).toFixed(2)} s (COPY into cloudtrail_event, ${5000}-row batches, one in flight)`,
      );
    if (r.ingest)
      out.push(
        `  (b) ${r.ingest.files} files, ${r.ingest.ingested.toLocaleString("en-US")} ingested; events/s uses the report's durationMs (pipeline only); wall time adds process start, store open and migration check`,
      );
    if (r.queries)
      for (const q of [r.queries.windowPage, r.queries.buckets, r.queries.search])
        out.push(
          `  (c) ${q.label}: median ${q.medianMs.toFixed(1)} ms (min ${q.minMs.toFixed(1)}, max ${q.maxMs.toFixed(1)}), result ${q.result.toLocaleString("en-US")}`,
        );
    if (r.reconstruct)
      out.push(
        `  (d) ${r.reconstruct.events.toLocaleString("en-US")} events loaded by COPY in ${(r.reconstruct.loadMs / 1000).toFixed(0)} s (untimed) + demo incident + synthetic sessions (${r.reconstruct.plannedCalls} tool calls); reconstructAll ${(r.reconstruct.ms / 1000).toFixed(2)} s wall (its own ms: ${(r.reconstruct.reportedMs / 1000).toFixed(2)} s)`,
      );
    const q = ingestRatio(r);
    if (q !== null && q < RATIO_GOAL) out.push(`  ratio ${Math.round(q * 100)} % is below the ${Math.round(RATIO_GOAL * 100)} % goal`);
    for (const e of r.errors) out.push(`  ERROR ${e}`);
  }
  return out;
}

/** The scale run (see scale.ts): per store, one growing database. */
async function scaleRun(o: BenchOptions, runDir: string, targets: BenchTarget[], log: (m: string) => void): Promise<number> {
  const loadStart = os.loadavg();
  const results = [];
  for (const kind of o.stores) {
    const target = kind === "pglite" ? pgliteTarget(runDir, o.keep) : await postgresTarget(o.pgUrl, o.keep, log);
    targets.push(target);
    try {
      results.push(await benchScale(target, o, runDir, log));
    } finally {
      await target.cleanup().catch((e) => log(`cleanup ${kind}: ${errMsg(e)}`));
      targets.splice(targets.indexOf(target), 1);
    }
  }
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  if (!o.jsonOnly) {
    for (const r of results) process.stdout.write(`\n${scaleReport(r)}\n`);
    process.stdout.write(
      `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load average at start ${la(loadStart)}, at end ${la(os.loadavg())}\n\n`,
    );
  }
  for (const r of results) process.stdout.write(`${JSON.stringify(scaleJsonLine(r))}\n`);
  return results.some((r) => r.errors.length) ? 1 : 0;
}

export async function benchCommand(argv: string[]): Promise<number> {
  let o: BenchOptions;
  try {
    o = parseBenchArgs(argv);
  } catch (e) {
    if (e instanceof BenchArgError) {
      process.stderr.write(`aftermath bench: ${e.message}\n\n${BENCH_USAGE}`);
      return 1;
    }
    throw e;
  }
  if (o.help) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const log = (m: string) => {
    if (!o.jsonOnly) process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  };
  const runDir = path.resolve(o.dataDir, `run-${Date.now()}-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const targets: BenchTarget[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const t of targets) await t.cleanup().catch((e) => log(`cleanup ${t.kind}: ${errMsg(e)}`));
      if (!o.keep) rmSync(runDir, { recursive: true, force: true });
    })());
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (isScaleRun(o)) return await scaleRun(o, runDir, targets, log);
    log(`corpus: ${o.records.toLocaleString("en-US")} records, ${o.fileRecords} per file…`);
    const corpus = ensureCorpus(o.dataDir, { records: o.records, fileRecords: o.fileRecords, seed: o.seed }, log);
    log(`corpus: ${corpus.files.length} files in ${corpus.dir}${corpus.cached ? " (cached)" : ""}`);
    const results: StoreResult[] = [];
    const loadStart = os.loadavg();
    for (const kind of o.stores) {
      let target: BenchTarget;
      try {
        target = kind === "pglite" ? pgliteTarget(runDir, o.keep) : await postgresTarget(o.pgUrl, o.keep, log);
      } catch (e) {
        results.push({
          store: kind as BenchStoreKind,
          description: kind,
          records: o.records,
          raw: null,
          ingest: null,
          queries: null,
          reconstruct: null,
          errors: [`start: ${errMsg(e)}`],
        });
        continue;
      }
      targets.push(target);
      try {
        results.push(await benchStore(target, corpus, o, log));
      } finally {
        await target.cleanup().catch((e) => log(`cleanup ${kind}: ${errMsg(e)}`));
        targets.splice(targets.indexOf(target), 1);
      }
    }
    if (!o.jsonOnly) {
      process.stdout.write(`\n${resultTable(results)}\n\n`);
      process.stdout.write(`${notes(corpus, results, { start: loadStart, end: os.loadavg() }).join("\n")}\n\n`);
      const bd = breakdownTable(results);
      if (bd) process.stdout.write(`${bd}\n\n`);
      if (o.cpuProfDir) {
        for (const r of results) {
          try {
            for (const p of summarizeProfileDir(path.join(o.cpuProfDir, r.store)))
              process.stdout.write(`${r.store} ingest CPU profile: ${formatProfileSummary(p)}\n\n`);
          } catch (e) {
            process.stdout.write(`${r.store}: no CPU profile (${errMsg(e)})\n`);
          }
        }
      }
    }
    for (const r of results) process.stdout.write(`${JSON.stringify(jsonLine(r))}\n`);
    return results.some((r) => r.errors.length) ? 1 : 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanup();
  }
}
