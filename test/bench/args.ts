import { parseArgs } from "node:util";

/** `npm run bench -- …` options (pure parsing, no side effects). */

export const BENCH_STORES = ["pglite", "postgres"] as const;
export type BenchStoreKind = (typeof BENCH_STORES)[number];

export interface BenchOptions {
  /** CloudTrail records in the synthetic S3 corpus. */
  records: number;
  /** Records per gzipped S3 file. */
  fileRecords: number;
  stores: BenchStoreKind[];
  /** Use this PostgreSQL server (databases are created and dropped on it) instead of starting a throw-away one. */
  pgUrl: string | null;
  /** Events loaded for the reconstruction row; 0 = skip it. */
  reconstructEvents: number;
  /** Timed runs per query (the median is reported), after `warmup` untimed runs. */
  runs: number;
  warmup: number;
  seed: number;
  /** Where the corpus and the PGlite data dirs go. */
  dataDir: string;
  /** Keep the PGlite data dirs / PostgreSQL databases afterwards. */
  keep: boolean;
  /** Print the JSON lines only (no table, no progress). */
  jsonOnly: boolean;
  /** Also replay the ingest step by step on a fresh database and print where its time goes. */
  breakdown: boolean;
  /** Run the ingest child with --cpu-prof, writing the profiles under this directory (one subdirectory per store). */
  cpuProfDir: string | null;
  /** Scale mode: records per checkpoint (0 = classic run, or 1M when records > SCALE_AUTO_RECORDS). */
  checkpoints: number;
  /** Scale mode: also measure the built app over HTTP. */
  http: boolean;
  httpRequests: number;
  httpPort: number;
  help: boolean;
}

/** Above this many records the corpus is never generated whole: the run is a scale run with 1M checkpoints. */
export const SCALE_AUTO_RECORDS = 2_000_000;

/** Whether these options ask for the scale run (streamed corpus, checkpoints) rather than the classic one. */
export const isScaleRun = (o: BenchOptions) => o.checkpoints > 0 || o.http || o.records > SCALE_AUTO_RECORDS;

export const BENCH_DEFAULTS: BenchOptions = {
  records: 200_000,
  fileRecords: 1000,
  stores: [...BENCH_STORES],
  pgUrl: null,
  reconstructEvents: 1_000_000,
  runs: 7,
  warmup: 2,
  seed: 1,
  dataDir: "bench-data",
  keep: false,
  jsonOnly: false,
  breakdown: false,
  cpuProfDir: null,
  checkpoints: 0,
  http: false,
  httpRequests: 20,
  httpPort: 3999,
  help: false,
};

export const BENCH_USAGE = `aftermath bench — ingest and query benchmark on PGlite and PostgreSQL

Usage: npm run bench -- [options]

  --records <n>               CloudTrail records in the synthetic corpus (default 200000; 200k, 1.5M, 2e5 accepted)
  --file-records <n>          records per gzipped S3 file (default 1000)
  --stores <list>             pglite,postgres (default both)
  --pg-url <url>              use this PostgreSQL server (needs CREATEDB) instead of starting a throw-away one
  --reconstruct-events <n>    events for the reconstruction row (default 1000000; 0 skips it)
  --skip-reconstruct          skip the reconstruction row
  --runs <n>                  timed runs per query, median reported (default 7; after --warmup <n>, default 2)
  --seed <n>                  corpus seed (default 1)
  --data-dir <dir>            corpus cache and PGlite data dirs (default bench-data/)
  --keep                      keep the benchmark databases afterwards
  --json                      print only the JSON lines
  --breakdown                 also replay the ingest step by step and print where its time goes
  --cpu-prof <dir>            run the ingest process with node --cpu-prof, profiles in <dir>/<store>/

Scale run (any of these, or --records over 2M): the corpus is generated one checkpoint at a time into a temporary
directory, ingested into one growing database and deleted (bounded memory and disk); prints the ingest rate per
checkpoint, the query latencies at 1M rows and at the end, peak RSS; no raw-limit, breakdown or reconstruction rows.
  --checkpoints <n>           records per checkpoint (default 1000000)
  --http                      then start the built app (next start; next build when .next is stale) on that database
                              and measure GET /events and the incident timeline API at p50/p95
  --http-requests <n>         timed requests per URL (default 20)
  --port <n>                  port for next start (default 3999)
`;

export class BenchArgError extends Error {}

/** "200000", "200k", "1.5M", "2e5", "1_000_000" → integer. */
export function parseCount(value: string, name: string, min = 0): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kKmM]?)\s*$/.exec(value.replace(/[_,]/g, ""));
  if (!m) throw new BenchArgError(`--${name}: not a number: "${value}"`);
  const mult = m[2].toLowerCase() === "k" ? 1e3 : m[2].toLowerCase() === "m" ? 1e6 : 1;
  const n = Math.round(Number(m[1]) * mult);
  if (!Number.isSafeInteger(n) || n < min) throw new BenchArgError(`--${name}: must be a whole number ≥ ${min} (got "${value}")`);
  return n;
}

export function parseStores(value: string): BenchStoreKind[] {
  const out: BenchStoreKind[] = [];
  for (const part of value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const name = part === "pg" || part === "postgresql" ? "postgres" : part;
    if (!(BENCH_STORES as readonly string[]).includes(name))
      throw new BenchArgError(`--stores: unknown store "${part}" (known: ${BENCH_STORES.join(", ")})`);
    if (!out.includes(name as BenchStoreKind)) out.push(name as BenchStoreKind);
  }
  if (!out.length) throw new BenchArgError("--stores: name at least one store");
  return out;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const parsed = (() => {
    try {
      return parseArgs({
        args: argv,
        allowPositionals: false,
        options: {
          records: { type: "string" },
          "file-records": { type: "string" },
          stores: { type: "string" },
          "pg-url": { type: "string" },
          "reconstruct-events": { type: "string" },
          "skip-reconstruct": { type: "boolean", default: false },
          runs: { type: "string" },
          warmup: { type: "string" },
          seed: { type: "string" },
          "data-dir": { type: "string" },
          keep: { type: "boolean", default: false },
          json: { type: "boolean", default: false },
          breakdown: { type: "boolean", default: false },
          "cpu-prof": { type: "string" },
          checkpoints: { type: "string" },
          http: { type: "boolean", default: false },
          "http-requests": { type: "string" },
          port: { type: "string" },
          help: { type: "boolean", short: "h", default: false },
        },
      });
    } catch (e) {
      throw new BenchArgError(e instanceof Error ? e.message : String(e));
    }
  })();
  const v = parsed.values;
  const o: BenchOptions = { ...BENCH_DEFAULTS, stores: [...BENCH_DEFAULTS.stores] };
  if (v.records !== undefined) o.records = parseCount(v.records, "records", 1);
  if (v["file-records"] !== undefined) o.fileRecords = parseCount(v["file-records"], "file-records", 1);
  if (v.stores !== undefined) o.stores = parseStores(v.stores);
  if (v["pg-url"] !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(v["pg-url"])) throw new BenchArgError("--pg-url: must be a postgresql:// URL");
    o.pgUrl = v["pg-url"];
  }
  if (v["reconstruct-events"] !== undefined) o.reconstructEvents = parseCount(v["reconstruct-events"], "reconstruct-events", 0);
  if (v["skip-reconstruct"]) o.reconstructEvents = 0;
  if (v.runs !== undefined) o.runs = parseCount(v.runs, "runs", 1);
  if (v.warmup !== undefined) o.warmup = parseCount(v.warmup, "warmup", 0);
  if (v.seed !== undefined) o.seed = parseCount(v.seed, "seed", 1);
  if (v["data-dir"] !== undefined) o.dataDir = v["data-dir"];
  o.keep = Boolean(v.keep);
  o.jsonOnly = Boolean(v.json);
  o.breakdown = Boolean(v.breakdown);
  if (v["cpu-prof"] !== undefined) o.cpuProfDir = v["cpu-prof"];
  if (v.checkpoints !== undefined) o.checkpoints = parseCount(v.checkpoints, "checkpoints", 1);
  o.http = Boolean(v.http);
  if (v["http-requests"] !== undefined) o.httpRequests = parseCount(v["http-requests"], "http-requests", 1);
  if (v.port !== undefined) {
    o.httpPort = parseCount(v.port, "port", 1);
    if (o.httpPort > 65535) throw new BenchArgError("--port: must be ≤ 65535");
  }
  o.help = Boolean(v.help);
  return o;
}
