import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Store } from "@/lib/db";
import { eventFacets } from "@/lib/events/facets";
import { eventDensity, listEvents } from "@/lib/events/queries";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { closeAgentLogWorker } from "@/lib/ingest/parse/agent-log-pool";
import { closeParsePool } from "@/lib/ingest/parse/parse-pool";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { benchStoreKinds, withThrowAwayStore } from "./bench-store";

/**
 * `npm run bench:load`: reads while ingesting. Loads the /events page (its five queries, as app/events/page.tsx runs
 * them) idle, then again while N uploads run concurrently through the upload path (ingestFile, as POST /api/ingest
 * does), and prints p50/p95 idle vs during, errors, and rows lost (uploaded events not stored; must be 0). Target:
 * p95 during ≤ 3× idle.
 * --url http://host:port measures a running server over HTTP instead (GET /events, POST /api/ingest), sending
 * `Authorization: Bearer $AFTERMATH_TOKEN` when set (needed once API tokens guard /api/ingest).
 */

const USAGE = `npm run bench:load -- [--store pglite|postgres|both] [--uploads 20] [--records 4000] [--seed 30000] [--url http://localhost:3000]`;

export type Sample = { ms: number; ok: boolean };
export type Result = {
  target: string;
  idle: Sample[];
  during: Sample[];
  uploadErrors: number;
  expected: number;
  stored: number;
  uploadMs: number;
};

export const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export function jsonl(from: number, count: number, total: number): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (let i = 0; i < count; i += 500) {
      const lines: string[] = [];
      for (let j = i; j < Math.min(count, i + 500); j++) lines.push(JSON.stringify(syntheticRecord(from + j, { seed: 77, total })));
      yield Buffer.from(`${lines.join("\n")}\n`);
    }
  })();
}

/** A body as a request stream delivers it: 64 KiB at a time, through the event loop. */
export async function* slices(body: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < body.length; i += 64 * 1024) {
    await new Promise((r) => setImmediate(r));
    yield body.subarray(i, i + 64 * 1024);
  }
}

export async function loadEventsPage(store: Store): Promise<void> {
  const filter = { from: null, to: null };
  await Promise.all([listEvents(store, filter), eventDensity(store, filter, 120), eventFacets(store)]);
}

export async function timed(fn: () => Promise<unknown>): Promise<Sample> {
  const t = performance.now();
  try {
    await fn();
    return { ms: performance.now() - t, ok: true };
  } catch (e) {
    console.error("  page load failed:", e instanceof Error ? e.message : e);
    return { ms: performance.now() - t, ok: false };
  }
}

async function inProcess(target: string, store: Store, o: Opts): Promise<Result> {
  const total = o.seed + o.uploads * o.records;
  process.stderr.write(`${target}: seeding ${o.seed} events…\n`);
  // Seeded as the CLI would (its batch sizes): the seed is set-up, not what is measured.
  await ingestFile(store, { name: "seed.jsonl", chunks: jsonl(0, o.seed, total), via: "cli" });
  await loadEventsPage(store); // warm-up
  const idle: Sample[] = [];
  for (let i = 0; i < o.idleLoads; i++) idle.push(await timed(() => loadEventsPage(store)));
  process.stderr.write(
    `${target}: idle p95 ${pct(
      idle.map((s) => s.ms),
      95,
    ).toFixed(0)} ms; ${o.uploads} uploads of ${o.records} events…\n`,
  );
  // The upload bodies are built before the clock starts: a server receives bytes, it does not generate them.
  const bodies: Buffer[] = [];
  for (let u = 0; u < o.uploads; u++) {
    const parts: Uint8Array[] = [];
    for await (const c of jsonl(o.seed + u * o.records, o.records, total)) parts.push(c);
    bodies.push(Buffer.concat(parts));
  }
  const t0 = performance.now();
  let uploadErrors = 0;
  let running = true;
  const uploads = Promise.all(
    bodies.map((body, u) =>
      ingestFile(store, { name: `upload-${u}.jsonl`, chunks: slices(body), via: "api" }).then(
        (r) => {
          if (r.error || r.ingested !== o.records) uploadErrors++;
        },
        () => uploadErrors++,
      ),
    ),
  ).finally(() => {
    running = false;
  });
  const during: Sample[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  while (running) during.push(await timed(() => loadEventsPage(store)));
  await uploads;
  loop.disable();
  process.stderr.write(
    `${target}: main thread event-loop delay during uploads: p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms\n`,
  );
  const uploadMs = performance.now() - t0;
  if (process.env.AFTERMATH_BENCH_DEBUG) process.stderr.write(`during: ${during.map((d) => d.ms.toFixed(0)).join(" ")}\n`);
  const stored = await store.prisma.cloudTrailEvent.count();
  return { target, idle, during, uploadErrors, expected: total, stored, uploadMs };
}

async function overHttp(url: string, o: Opts): Promise<Result> {
  const headers: Record<string, string> = process.env.AFTERMATH_TOKEN ? { authorization: `Bearer ${process.env.AFTERMATH_TOKEN}` } : {};
  const page = async () => {
    const res = await fetch(`${url}/events`, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /events: HTTP ${res.status}`);
  };
  const idle: Sample[] = [];
  await timed(page);
  for (let i = 0; i < o.idleLoads; i++) idle.push(await timed(page));
  const base = Date.now() % 1_000_000_000; // fresh event ids on every run against a long-lived server
  const total = base + o.uploads * o.records;
  let uploadErrors = 0;
  let ingested = 0;
  let running = true;
  const t0 = performance.now();
  const uploads = Promise.all(
    Array.from({ length: o.uploads }, async (_, u) => {
      const parts: Uint8Array[] = [];
      for await (const c of jsonl(base + u * o.records, o.records, total)) parts.push(c);
      const res = await fetch(`${url}/api/ingest?name=load-${u}.jsonl`, { method: "POST", body: Buffer.concat(parts), headers });
      const body = (await res.json().catch(() => null)) as { ingested?: number } | null;
      if (!res.ok || !body) uploadErrors++;
      else ingested += body.ingested ?? 0;
    }),
  ).finally(() => {
    running = false;
  });
  const during: Sample[] = [];
  while (running) during.push(await timed(page));
  await uploads;
  return { target: url, idle, during, uploadErrors, expected: o.uploads * o.records, stored: ingested, uploadMs: performance.now() - t0 };
}

export type Opts = { uploads: number; records: number; seed: number; idleLoads: number };

export function print(r: Result): boolean {
  const f = (xs: Sample[]) => xs.map((s) => s.ms);
  const idle95 = pct(f(r.idle), 95);
  const during95 = pct(f(r.during), 95);
  const ratio = during95 / idle95;
  const errors = r.idle.filter((s) => !s.ok).length + r.during.filter((s) => !s.ok).length;
  const lost = r.expected - r.stored;
  process.stdout.write(
    [
      `${r.target}: /events page (5 queries)`,
      `  idle    n=${r.idle.length} p50 ${pct(f(r.idle), 50).toFixed(0)} ms  p95 ${idle95.toFixed(0)} ms`,
      `  during  n=${r.during.length} p50 ${pct(f(r.during), 50).toFixed(0)} ms  p95 ${during95.toFixed(0)} ms  (${ratio.toFixed(2)}× idle; target ≤ 3×)`,
      `  uploads done in ${(r.uploadMs / 1000).toFixed(1)} s; page errors ${errors}; upload errors ${r.uploadErrors}; rows lost ${lost}`,
      "",
    ].join("\n"),
  );
  process.stdout.write(
    `${JSON.stringify({ target: r.target, idleP50: pct(f(r.idle), 50), idleP95: idle95, duringP50: pct(f(r.during), 50), duringP95: during95, ratio, pageErrors: errors, uploadErrors: r.uploadErrors, rowsLost: lost })}\n`,
  );
  return ratio <= 3 && errors === 0 && r.uploadErrors === 0 && lost === 0;
}

export async function loadBenchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      store: { type: "string", default: "both" },
      uploads: { type: "string", default: "20" },
      records: { type: "string", default: "4000" },
      seed: { type: "string", default: "30000" },
      "idle-loads": { type: "string", default: "30" },
      url: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const o: Opts = {
    uploads: Number(values.uploads),
    records: Number(values.records),
    seed: Number(values.seed),
    idleLoads: Number(values["idle-loads"]),
  };
  let pass = true;
  try {
    if (values.url) return print(await overHttp(values.url.replace(/\/$/, ""), o)) ? 0 : 1;
    const kinds = benchStoreKinds(values.store);
    for (const kind of kinds) {
      pass = print(await withThrowAwayStore(kind, "aftermath-load-", (store) => inProcess(kind, store, o))) && pass;
    }
  } finally {
    await closeParsePool();
    await closeAgentLogWorker();
  }
  return pass ? 0 : 1;
}
