import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { parseAgentLog } from "@/lib/agent-logs";
import type { AgentLogParseOptions, AgentLogParseResult } from "@/lib/agent-logs/types";
import { parseWorkerCount } from "./parse-pool";

/**
 * Agent logs are parsed whole (the formats need the whole file: sessions, pairing of calls and results), which takes
 * seconds for a big file: that runs on one worker thread of its own, so it never blocks the thread serving requests.
 * Files queue for it one at a time (which also bounds the memory parses take). With AFTERMATH_PARSE_WORKERS=0 the
 * parse runs on the calling thread.
 */

type Waiting = { resolve: (r: AgentLogParseResult) => void; reject: (e: Error) => void };

function script(): { file: string; root: string } {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./agent-log-worker.mjs", import.meta.url)));
  } catch {
    /* bundled: import.meta.url is not a file URL */
  }
  candidates.push(path.join(process.cwd(), "lib/ingest/parse/agent-log-worker.mjs"));
  const file = candidates.find((p) => existsSync(p));
  if (!file) throw new Error(`agent-log worker script not found (looked in ${candidates.join(", ")})`);
  const roots = [path.resolve(path.dirname(file), "../../.."), process.cwd()];
  const root = roots.find((r) => existsSync(path.join(r, "lib/ingest/parse/agent-log-worker-main.ts")));
  if (!root) throw new Error(`agent-log worker sources not found (looked under ${roots.join(", ")})`);
  return { file, root };
}

let worker: Worker | null = null;
const waiting = new Map<number, Waiting>();
let nextId = 1;

function ensure(): Worker {
  if (worker) return worker;
  const { file, root } = script();
  const w = new Worker(file, { workerData: { root } });
  w.unref();
  w.on("message", (m: { id: number; result?: AgentLogParseResult; error?: string }) => {
    const p = waiting.get(m.id);
    if (!p) return;
    waiting.delete(m.id);
    if (waiting.size === 0) w.unref();
    if (m.result) p.resolve(m.result);
    else p.reject(new Error(`agent-log parse failed: ${m.error}`));
  });
  const fail = (e: Error) => {
    if (worker !== w) return;
    worker = null;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`agent-log parse worker exited (code ${code})`)));
  worker = w;
  return w;
}

/** Parses one agent log's bytes (UTF-8) off the calling thread. The bytes are moved to the worker, not copied. */
export function parseAgentLogOffThread(data: Buffer, opts: AgentLogParseOptions): Promise<AgentLogParseResult> {
  if (parseWorkerCount() === 0) return Promise.resolve(parseAgentLog(data.toString("utf8"), opts));
  const w = ensure();
  const id = nextId++;
  // A private, transferable copy only when the buffer is a view on a shared (pooled) one.
  const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, data: own, opts }, [own.buffer as ArrayBuffer]);
  });
}

/** Stops the worker (tests, CLI shutdown). */
export async function closeAgentLogWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await w?.terminate();
}
