// Worker thread that owns the embedded PGlite database, so its blocking statements never run on the
// thread that serves requests. Plain JS (no build step) so Next.js, the CLI and vitest can all load it.
// Protocol: { id, op, ...args } → { id, ok: true, result } | { id, ok: false, error }.

import { mkdirSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

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
  const pg = await PGlite.create(dataDir ? { dataDir, ...MEMORY_OPTIONS } : { ...MEMORY_OPTIONS });
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

parentPort.on("message", async (msg) => {
  try {
    const fn = ops[msg.op];
    if (!fn) throw new Error(`unknown op ${msg.op}`);
    const result = await fn(msg);
    parentPort.postMessage({ id: msg.id, ok: true, result });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: serializeError(e) });
  }
});

void workerData;
