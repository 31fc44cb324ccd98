// Worker thread that owns the embedded PGlite database, so its blocking statements never run on the
// thread that serves requests. Plain JS (no build step) so Next.js, the CLI and vitest can all load it.
// Protocol: { id, op, ...args } → { id, ok: true, result } | { id, ok: false, error }.

import { mkdirSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";

// The scheduling rule lives in pglite-schedule.mjs (shared with the host and unit-tested). In `next build` output this
// file is an asset with a hashed name and no siblings, so the host passes the rule's location (workerData.schedule).
const { isBulkOp, nextBulk } = await import(workerData?.schedule ?? new URL("./pglite-schedule.mjs", import.meta.url).href);

const dbs = new Map(); // name → { pg, adapter }
const transactions = new Map(); // txId → Transaction
let nextTx = 1;

// PostgreSQL's default shared_buffers (128MB) is most of PGlite's memory: a fresh data directory peaked at ~0.8 GB
// RSS (initdb runs beside a second instance) and an existing one at ~0.32 GB. 16MB keeps both far lower; the data
// files still sit in the OS page cache. AFTERMATH_PGLITE_SHARED_BUFFERS overrides (e.g. 128MB for big imports).
const SHARED_BUFFERS = /^\d+(kB|MB|GB)$/.test(process.env.AFTERMATH_PGLITE_SHARED_BUFFERS ?? "")
  ? process.env.AFTERMATH_PGLITE_SHARED_BUFFERS
  : "16MB";
const MEMORY_OPTIONS = {
  postgresqlconf: `shared_buffers = ${SHARED_BUFFERS}`,
  initDbStartParams: ["-c", `shared_buffers=${SHARED_BUFFERS}`],
};

async function open(name, dataDir) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...MEMORY_OPTIONS, extensions: { pg_trgm } });
  const adapter = await new PrismaPGlite(pg).connect();
  dbs.set(name, { pg, adapter });
}

function db(name) {
  const entry = dbs.get(name ?? "main");
  if (!entry) throw new Error(`database ${name} is not open`);
  return entry;
}

function queryable(msg) {
  if (msg.txId) {
    const tx = transactions.get(msg.txId);
    if (!tx) throw new Error(`transaction ${msg.txId} is not open`);
    return tx;
  }
  return db(msg.db).adapter;
}

const ops = {
  async init(msg) {
    await open("main", msg.dataDir);
    return null;
  },
  async openShadow() {
    if (!dbs.has("shadow")) await open("shadow", null);
    return null;
  },
  async closeShadow() {
    const s = dbs.get("shadow");
    if (s) await s.pg.close();
    dbs.delete("shadow");
    return null;
  },
  queryRaw: (msg) => queryable(msg).queryRaw(msg.query),
  executeRaw: (msg) => queryable(msg).executeRaw(msg.query),
  async executeScript(msg) {
    await db(msg.db).pg.exec(msg.script);
    return null;
  },
  async startTransaction(msg) {
    const tx = await db(msg.db).adapter.startTransaction(msg.isolationLevel);
    const txId = nextTx++;
    transactions.set(txId, tx);
    return { txId, options: tx.options };
  },
  async commit(msg) {
    const tx = transactions.get(msg.txId);
    transactions.delete(msg.txId);
    await tx.commit();
    return null;
  },
  async rollback(msg) {
    const tx = transactions.get(msg.txId);
    transactions.delete(msg.txId);
    await tx.rollback();
    return null;
  },
  async sql(msg) {
    const res = await db(msg.db).pg.query(msg.sql, msg.params ?? []);
    return { rows: res.rows, affectedRows: res.affectedRows ?? 0 };
  },
  async copyFrom(msg) {
    const res = await db(msg.db).pg.query(msg.sql, [], { blob: new Blob([msg.data]) });
    return { affectedRows: res.affectedRows ?? 0 };
  },
  // COPY and one statement in one transaction (PGlite's transaction holds the database: no other query runs between them).
  async copyFromThen(msg) {
    return db(msg.db).pg.transaction(async (tx) => {
      await tx.query(msg.sql, [], { blob: new Blob([msg.data]) });
      const res = await tx.query(msg.after.sql, msg.after.params ?? []);
      return { rows: res.rows };
    });
  },
  async close() {
    for (const { pg } of dbs.values()) await pg.close();
    dbs.clear();
    return null;
  },
};

function serializeError(e) {
  if (e && e.name === "DriverAdapterError" && e.cause) return { adapter: true, cause: { ...e.cause }, message: e.message };
  return {
    adapter: false,
    message: e?.message ?? String(e),
    code: e?.code,
    detail: e?.detail,
    severity: e?.severity,
  };
}

// Reads before bulk writes (the policy: pglite-schedule.mjs). PGlite runs one statement at a time, so a page's
// queries used to queue behind every ingest statement already waiting (20 uploads: /events p95 0.6 s → 18 s). Bulk
// statements wait in a queue of their own and run one at a time, only when no read is waiting, so a read waits for
// at most the one bulk statement running. A read the host has sent but this thread has not received yet is counted
// in a shared counter: a message is delivered only when this thread's event loop polls, so without the counter the
// next bulk statement (started from setImmediate, before the poll) would run ahead of reads already sent.
const MAX_DEFER_MS = Number(process.env.AFTERMATH_PGLITE_BULK_MAX_DEFER_MS) || 1000;
// A page runs its queries in rounds (the next one is sent when the last answer arrives): bulk work waits this long
// after the last read before it starts, so one page is not interleaved with a bulk statement per round.
const READ_LINGER_MS = Number(process.env.AFTERMATH_PGLITE_READ_LINGER_MS) || 50;
const FIFO = process.env.AFTERMATH_PGLITE_FIFO === "1";
const undelivered = workerData?.pendingReads ? new Int32Array(workerData.pendingReads) : null;
let lastRead = 0;
let bulkLaneAt = 0; // when the bulk lane last ran a statement or became non-empty
let lastBulkMs = 0; // how long that statement took
const bulk = []; // messages
let bulkRunning = false;
let interactive = 0; // Prisma operations in flight
const openTx = new Set();
let timer = null;

async function run(msg) {
  const t0 = performance.now();
  try {
    const fn = ops[msg.op];
    if (!fn) throw new Error(`unknown op ${msg.op}`);
    const result = await fn(msg);
    if (process.env.AFTERMATH_PGLITE_SLOW_MS && performance.now() - t0 > Number(process.env.AFTERMATH_PGLITE_SLOW_MS))
      console.error(
        `[pglite] ${msg.op} took ${(performance.now() - t0).toFixed(0)} ms: ${String(msg.sql ?? msg.query?.sql ?? msg.script ?? "").slice(0, 120)}`,
      );
    if (msg.op === "startTransaction" && result?.txId) openTx.add(result.txId);
    parentPort.postMessage({ id: msg.id, ok: true, result });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: serializeError(e) });
  } finally {
    if (msg.op === "commit" || msg.op === "rollback") openTx.delete(msg.txId);
  }
}

function pumpBulk() {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  const now = Date.now();
  const d = nextBulk({
    queued: bulk.length,
    running: bulkRunning,
    undelivered: undelivered ? Atomics.load(undelivered, 0) : 0,
    inFlight: interactive + openTx.size,
    sinceRead: now - lastRead,
    sinceBulk: now - bulkLaneAt,
    lastBulkMs,
    lingerMs: READ_LINGER_MS,
    maxDeferMs: MAX_DEFER_MS,
  });
  if (!d.run) {
    // retryMs 0: a timer, not setImmediate, so the event loop polls (and delivers the reads) before the next check.
    if (d.retryMs !== null) timer = setTimeout(pumpBulk, d.retryMs);
    return;
  }
  const msg = bulk.shift();
  bulkRunning = true;
  const started = Date.now();
  run(msg).finally(() => {
    bulkRunning = false;
    bulkLaneAt = Date.now();
    lastBulkMs = bulkLaneAt - started;
    pumpBulk();
  });
}

parentPort.on("message", (msg) => {
  // Statements with an explicit database (migrations, the shadow database) are not ingest work.
  if (isBulkOp(msg.op, msg.db) && !FIFO) {
    if (bulk.length === 0 && !bulkRunning) bulkLaneAt = Date.now();
    bulk.push(msg);
    pumpBulk();
    return;
  }
  if (undelivered && msg.read) Atomics.sub(undelivered, 0, 1);
  interactive++;
  run(msg).finally(() => {
    interactive--;
    lastRead = Date.now();
    if (interactive === 0) pumpBulk();
  });
});

void workerData;
