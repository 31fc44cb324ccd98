import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { Actor } from "@/lib/auth/actor";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { readFrom } from "@/lib/db/read";
import { eventFacets } from "@/lib/events/facets";
import { eventDensity, listEvents } from "@/lib/events/queries";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { closeAgentLogWorker } from "@/lib/ingest/parse/agent-log-pool";
import { closeParsePool } from "@/lib/ingest/parse/parse-pool";
import { type PgServer, startPostgres, startStandby } from "@/test/support/postgres-server";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * `npm run bench:replica`: do page reads keep their latency while an ingest runs on the primary, with the reads on
 * a streaming replica? Starts a PostgreSQL primary and a streaming standby (pg_basebackup -R) on loopback, opens the
 * store as the app does with DATABASE_REPLICA_URLS, seeds it, and loads the /events page (its five queries) idle,
 * then again while N uploads are ingested on the primary (ingestFile, as POST /api/ingest does). Each load is made
 * twice, in alternating order: on the primary, and through readFrom(store, viewer) — the path every page takes, so
 * on the replica — so both see the same moments of this shared machine's load. Prints p50/p95 idle vs during for
 * both and the ratios, the load average, and checks that the replica ends with every row (rows missing must be 0).
 * Primary and standby share this machine's CPUs: the replica takes the reads' locks, buffers and connections off
 * the primary, not their CPU.
 */

const USAGE = "npm run bench:replica -- [--uploads 8] [--records 4000] [--seed 30000] [--idle-loads 30] [--ingest cli|in-process]";

type Sample = { ms: number; ok: boolean; onReplica: boolean };
type Phase = { mode: "primary" | "replica"; idle: Sample[]; during: Sample[] };
type Opts = { uploads: number; records: number; seed: number; idleLoads: number; ingest: "cli" | "in-process" };

const VIEWER: Actor = { kind: "user", userId: "bench-viewer", email: "viewer@bench", name: "Viewer", role: "viewer", sessionId: null };

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

function jsonl(from: number, count: number, total: number): Buffer {
  const lines: string[] = [];
  for (let j = from; j < from + count; j++) lines.push(JSON.stringify(syntheticRecord(j, { seed: 78, total })));
  return Buffer.from(`${lines.join("\n")}\n`);
}

/** A body as a request stream delivers it: 64 KiB at a time, through the event loop. */
async function* slices(body: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < body.length; i += 64 * 1024) {
    await new Promise((r) => setImmediate(r));
    yield body.subarray(i, i + 64 * 1024);
  }
}

async function loadEventsPage(primary: Store, mode: Phase["mode"]): Promise<Sample> {
  const t = performance.now();
  const store = mode === "primary" ? primary : await readFrom(primary, VIEWER);
  const filter = { from: null, to: null };
  try {
    await Promise.all([listEvents(store, filter), eventDensity(store, filter, 120), eventFacets(store)]);
    return { ms: performance.now() - t, ok: true, onReplica: store !== primary };
  } catch (e) {
    console.error("  page load failed:", e instanceof Error ? e.message : e);
    return { ms: performance.now() - t, ok: false, onReplica: store !== primary };
  }
}

async function caughtUp(store: Store): Promise<void> {
  const lsn = await store.replicas!.primaryLsn();
  const deadline = Date.now() + 120_000;
  for (;;) {
    await store.replicas!.refresh();
    if (await store.replicas!.pick(lsn)) return;
    if (Date.now() > deadline) throw new Error(`the standby did not catch up: ${JSON.stringify(store.replicas!.status())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The uploads through the upload path in this process (as POST /api/ingest runs them); resolves to the failures. */
async function ingestInProcess(store: Store, bodies: Buffer[], records: number): Promise<number> {
  let errors = 0;
  await Promise.all(
    bodies.map((body, u) =>
      ingestFile(store, { name: `upload-${u}.jsonl`, chunks: slices(body), via: "api" }).then(
        (r) => {
          if (r.error || r.ingested !== records) errors++;
        },
        () => errors++,
      ),
    ),
  );
  return errors;
}

/** The uploads as files ingested by `aftermath ingest` in a process of its own, writing to the primary. */
async function ingestInChild(primaryUrl: string, bodies: Buffer[]): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "aftermath-replica-bench-"));
  try {
    bodies.forEach((body, u) => {
      writeFileSync(path.join(dir, `upload-${u}.jsonl`), body);
    });
    const env = { ...process.env, DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: "" };
    const child = spawn(process.execPath, ["lib/cli/bin.mjs", "ingest", dir, "--no-reconstruct"], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    return code === 0 ? 0 : bodies.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Run = { phases: Phase[]; uploadErrors: number; uploadMs: number; rowsLost: number };

/** One page load on each side, in alternating order, so both see the same moment of this shared machine's load. */
async function pair(store: Store, i: number, into: { primary: Sample[]; replica: Sample[] }): Promise<void> {
  const order: Phase["mode"][] = i % 2 ? ["replica", "primary"] : ["primary", "replica"];
  for (const mode of order) into[mode].push(await loadEventsPage(store, mode));
}

async function run(primaryServer: PgServer, standby: PgServer, o: Opts): Promise<Run> {
  const admin = new pg.Client({ connectionString: primaryServer.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_replica");
  await admin.end();
  const store = await openStore(primaryServer.url("bench_replica"), standby.url("bench_replica"));
  try {
    await migrateStore(store, primaryServer.url("bench_replica"));
    const total = o.seed + o.uploads * o.records;
    process.stderr.write(`seeding ${o.seed} events…\n`);
    await ingestFile(store, { name: "seed.jsonl", chunks: slices(jsonl(0, o.seed, total)), via: "api" });
    await caughtUp(store);
    const idle = { primary: [] as Sample[], replica: [] as Sample[] };
    await pair(store, 0, { primary: [], replica: [] }); // warm-up
    for (let i = 0; i < o.idleLoads; i++) await pair(store, i, idle);
    // The upload bodies are built before the clock starts: a server receives bytes, it does not generate them.
    const bodies = Array.from({ length: o.uploads }, (_, u) => jsonl(o.seed + u * o.records, o.records, total));
    process.stderr.write(`${o.uploads} uploads of ${o.records} events on the primary…\n`);
    let uploadErrors = 0;
    let running = true;
    const t0 = performance.now();
    const uploads = (
      o.ingest === "cli" ? ingestInChild(primaryServer.url("bench_replica"), bodies) : ingestInProcess(store, bodies, o.records)
    )
      .then(
        (errors) => {
          uploadErrors = errors;
        },
        (e) => {
          console.error("  ingest failed:", e instanceof Error ? e.message : e);
          uploadErrors = o.uploads;
        },
      )
      .finally(() => {
        running = false;
      });
    const during = { primary: [] as Sample[], replica: [] as Sample[] };
    for (let i = 0; running; i++) await pair(store, i, during);
    await uploads;
    const uploadMs = performance.now() - t0;
    await caughtUp(store);
    const replicated = await (await readFrom(store, VIEWER)).prisma.cloudTrailEvent.count();
    const phases: Phase[] = (["primary", "replica"] as const).map((mode) => ({ mode, idle: idle[mode], during: during[mode] }));
    return { phases, uploadErrors, uploadMs, rowsLost: total - replicated };
  } finally {
    await store.close();
  }
}

type Summary = ReturnType<typeof summary>;

function summary(p: Phase) {
  const ms = (xs: Sample[]) => xs.map((s) => s.ms);
  const idleP95 = pct(ms(p.idle), 95);
  const duringP95 = pct(ms(p.during), 95);
  const all = [...p.idle, ...p.during];
  return {
    mode: p.mode,
    idleP50: pct(ms(p.idle), 50),
    idleP95,
    duringP50: pct(ms(p.during), 50),
    duringP95,
    ratio: duringP95 / idleP95,
    loads: all.length,
    onReplica: all.filter((s) => s.onReplica).length,
    pageErrors: all.filter((s) => !s.ok).length,
  };
}

export async function replicaBenchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      uploads: { type: "string", default: "8" },
      records: { type: "string", default: "4000" },
      seed: { type: "string", default: "30000" },
      "idle-loads": { type: "string", default: "30" },
      ingest: { type: "string", default: "cli" },
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
    ingest: values.ingest === "in-process" ? "in-process" : "cli",
  };
  process.env.AFTERMATH_REPLICA_CHECK_MS ??= "500";
  const load0 = loadavg();
  let primary: PgServer | null = null;
  let standby: PgServer | null = null;
  try {
    primary = await startPostgres();
    standby = await startStandby(primary);
    const r = await run(primary, standby, o);
    const load1 = loadavg();
    const phases = r.phases.map(summary);
    const f = (n: number) => n.toFixed(0);
    process.stdout.write(
      `/events page (5 queries), ${o.seed} events + ${o.uploads} concurrent uploads × ${o.records} ingested on the primary (${o.ingest === "cli" ? "by aftermath ingest in its own process" : "in this process"}) in ${(r.uploadMs / 1000).toFixed(1)} s; primary and replica loads interleaved\n`,
    );
    for (const s of phases) {
      process.stdout.write(
        [
          `reads on the ${s.mode.padEnd(7)}: idle p50 ${f(s.idleP50)} ms p95 ${f(s.idleP95)} ms | during ingest p50 ${f(s.duringP50)} ms p95 ${f(s.duringP95)} ms (p95 ${s.ratio.toFixed(2)}× idle) | ${s.onReplica}/${s.loads} loads on the replica, ${s.pageErrors} errors`,
          "",
        ].join("\n"),
      );
    }
    const [onPrimary, onReplica] = phases as [Summary, Summary];
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
    process.stdout.write(
      `during ingest, replica reads vs primary reads: p50 ${(onReplica.duringP50 / onPrimary.duringP50).toFixed(2)}×, p95 ${(onReplica.duringP95 / onPrimary.duringP95).toFixed(2)}×; upload errors ${r.uploadErrors}; rows missing on the replica ${r.rowsLost}; load average ${load(load0)} → ${load(load1)} (shared machine)\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ phases, uploadErrors: r.uploadErrors, rowsLost: r.rowsLost, uploadS: r.uploadMs / 1000, loadavgBefore: load0, loadavgAfter: load1 })}\n`,
    );
    const ok = phases.every((s) => s.pageErrors === 0) && r.uploadErrors === 0 && r.rowsLost === 0;
    return ok ? 0 : 1;
  } finally {
    await standby?.stop();
    await primary?.stop();
    await closeParsePool();
    await closeAgentLogWorker();
  }
}
