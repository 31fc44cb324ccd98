import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InlineParseJob } from "./inline-job";
import type { ParseRequest } from "./parse-cloudtrail";
import { FlowControlledJob, type ParseJob } from "./parse-job";
import type { FromWorker, ToWorker } from "./worker-protocol";

/**
 * CloudTrail parsing on worker threads, so gunzip/JSON/normalize/COPY text run beside the database work and never on the
 * thread that serves requests. `AFTERMATH_PARSE_WORKERS` sets how many (default: one per CPU beyond the first, at
 * least one, at most 4 — the database needs a core of its own); 0 parses on the calling thread. Workers are started on first use, shared by every ingest of the process, and do
 * not keep it alive when idle.
 */

export function parseWorkerCount(env = process.env.AFTERMATH_PARSE_WORKERS): number {
  if (env !== undefined && env.trim() !== "") {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 0 && n <= 64) return n;
    throw new Error(`AFTERMATH_PARSE_WORKERS must be a whole number from 0 to 64 (got "${env}")`);
  }
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

function workerScript(): { file: string; root: string } {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./parse-worker.mjs", import.meta.url)));
  } catch {
    /* bundled: import.meta.url is not a file URL */
  }
  candidates.push(path.join(process.cwd(), "lib/ingest/parse/parse-worker.mjs"));
  const file = candidates.find((p) => existsSync(p));
  if (!file) throw new Error(`parse worker script not found (looked in ${candidates.join(", ")})`);
  // The worker loads the TypeScript sources from the project root; a bundler may have copied the script elsewhere.
  const roots = [path.resolve(path.dirname(file), "../../.."), process.cwd()];
  const root = roots.find((r) => existsSync(path.join(r, "lib/ingest/parse/parse-worker-main.ts")));
  if (!root) throw new Error(`parse worker sources not found (looked under ${roots.join(", ")})`);
  return { file, root };
}

class WorkerJob extends FlowControlledJob {
  constructor(
    request: ParseRequest,
    private readonly slot: WorkerSlot,
    readonly id: number,
  ) {
    super(request);
  }
  protected send(chunk: Uint8Array) {
    const copy = new Uint8Array(chunk); // the caller's buffer may be shared (pooled): move a private copy
    this.slot.post({ op: "chunk", id: this.id, chunk: copy }, [copy.buffer]);
  }
  protected sendEnd() {
    this.slot.post({ op: "end", id: this.id });
  }
  protected sendAbort(error: unknown) {
    this.slot.post({ op: "abort", id: this.id, message: error instanceof Error ? error.message : String(error) });
    this.slot.finish(this.id);
  }
  receive(msg: FromWorker) {
    if (msg.type === "pulled") this.pulled();
    else if (msg.type === "out") {
      this.produced(msg.out);
      if (msg.out.type === "done") this.slot.finish(this.id);
    } else {
      console.error(`[ingest] parse worker failed on ${this.request.fileName}: ${msg.message}`);
      this.failed(new Error(`parse worker: ${msg.message}`));
      this.slot.finish(this.id);
    }
  }
  crash(error: Error) {
    this.failed(error);
  }
}

class WorkerSlot {
  private worker: Worker | null = null;
  readonly jobs = new Map<number, WorkerJob>();

  /** Starts the worker thread if it is not running (it loads its modules in the background). */
  ensure(): Worker {
    if (this.worker) return this.worker;
    const { file, root } = workerScript();
    const w = new Worker(file, { workerData: { root } });
    w.unref();
    w.on("message", (msg: FromWorker) => this.jobs.get(msg.id)?.receive(msg));
    const fail = (error: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      console.error("[ingest] parse worker stopped:", error.message);
      for (const job of this.jobs.values()) job.crash(error);
      this.jobs.clear();
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`parse worker exited (code ${code})`)));
    this.worker = w;
    return w;
  }

  add(job: WorkerJob) {
    const w = this.ensure();
    if (this.jobs.size === 0) w.ref();
    this.jobs.set(job.id, job);
  }

  post(msg: ToWorker, transfer: ArrayBuffer[] = []) {
    this.ensure().postMessage(msg, transfer);
  }

  finish(id: number) {
    if (this.jobs.delete(id) && this.jobs.size === 0) this.worker?.unref();
  }

  async close() {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

export class ParsePool {
  private readonly slots: WorkerSlot[];
  private nextId = 1;

  constructor(readonly size: number) {
    this.slots = Array.from({ length: size }, () => new WorkerSlot());
  }

  /** Starts every worker now, so their start-up overlaps whatever the caller does next. */
  warm(): void {
    for (const s of this.slots) s.ensure();
  }

  start(request: ParseRequest): ParseJob {
    const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const job = new WorkerJob(request, slot, this.nextId++);
    slot.add(job);
    slot.post({ op: "start", id: job.id, request });
    return job;
  }

  async close() {
    await Promise.all(this.slots.map((s) => s.close()));
  }
}

let shared: ParsePool | null = null;

/** How many files a run may parse at once (1 when parsing inline). */
export function parseConcurrency(): number {
  return Math.max(1, parseWorkerCount());
}

/** Starts parsing one file on the shared pool (or inline when AFTERMATH_PARSE_WORKERS=0). */
export function startParseJob(request: ParseRequest): ParseJob {
  const n = parseWorkerCount();
  if (n === 0) return new InlineParseJob(request);
  shared ??= new ParsePool(n);
  return shared.start(request);
}

/** Starts the shared workers ahead of the first parse (the CLI does this while it opens the store). */
export function warmParsePool(): void {
  const n = parseWorkerCount();
  if (n === 0) return;
  shared ??= new ParsePool(n);
  shared.warm();
}

/** Stops the shared workers (tests, CLI shutdown). */
export async function closeParsePool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
