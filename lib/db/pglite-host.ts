import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { isBulkOp } from "./pglite-schedule.mjs";

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

export type WorkerError = { adapter: boolean; message: string; cause?: Record<string, unknown>; code?: string; detail?: string };

/** Error from PGlite (SQL errors keep their SQLSTATE code). */
export class PGliteWorkerError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "PGliteWorkerError";
  }
}

/**
 * A file next to this module, where it is at run time: in `next build` output the bundler emits each
 * `new URL("./x.mjs", import.meta.url)` as an asset with a hashed name (so the worker cannot import its siblings by a
 * relative path: the host hands it their paths); under tsx/vitest it is the source file.
 */
function siblingPath(name: string, bundled: () => URL): string {
  const candidates = [path.join(process.cwd(), "lib/db", name)];
  try {
    candidates.unshift(fileURLToPath(bundled()));
  } catch {
    /* bundled: import.meta.url is not a file URL */
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`PGlite worker file ${name} not found (looked in ${candidates.join(", ")})`);
  return found;
}

const workerPath = () => siblingPath("pglite-worker.mjs", () => new URL("./pglite-worker.mjs", import.meta.url));
const schedulePath = () => siblingPath("pglite-schedule.mjs", () => new URL("./pglite-schedule.mjs", import.meta.url));

/** Runs PGlite in a worker thread and talks to it with request/response messages. */
export class PGliteHost {
  private worker: Worker;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  /** Reads sent to the worker and not yet received by it (the worker lets them ahead of bulk statements). */
  private readonly undelivered: Int32Array;

  private constructor(worker: Worker, pendingReads: SharedArrayBuffer) {
    this.undelivered = new Int32Array(pendingReads);
    this.worker = worker;
    worker.on("message", (msg: { id: number; ok: boolean; result?: unknown; error?: WorkerError }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(msg.error);
    });
    const failAll = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject({ adapter: false, message: err.message });
      this.pending.clear();
    };
    worker.on("error", failAll);
    worker.on("exit", (code) => failAll(new Error(`PGlite worker exited (code ${code})`)));
  }

  static async start(dataDir: string | null): Promise<PGliteHost> {
    const pendingReads = new SharedArrayBuffer(4);
    const host = new PGliteHost(
      new Worker(workerPath(), { workerData: { pendingReads, schedule: pathToFileURL(schedulePath()).href } }),
      pendingReads,
    );
    await host.call("init", { dataDir });
    return host;
  }

  /** Sends one request; rejects with the worker's serialized error object. */
  call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.failure) return Promise.reject({ adapter: false, message: this.failure.message });
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const read = !isBulkOp(op, args.db);
      if (read) Atomics.add(this.undelivered, 0, 1);
      this.worker.postMessage({ id, op, read, ...args });
    });
  }

  /** Like call, but turns a worker error into a PGliteWorkerError. */
  async run<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    try {
      return await this.call<T>(op, args);
    } catch (e) {
      const err = e as WorkerError;
      throw new PGliteWorkerError(err.message ?? String(e), err.code ?? (err.cause?.originalCode as string | undefined), err.detail);
    }
  }

  async close(): Promise<void> {
    if (!this.failure) {
      await this.call("close").catch(() => undefined);
    }
    await this.worker.terminate();
  }
}
