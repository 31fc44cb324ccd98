import { parentPort } from "node:worker_threads";
import { AsyncQueue } from "./async-queue";
import { type ParseOutput, type ParseRequest, parseCloudTrail } from "./parse-cloudtrail";
import { lowerThisThreadPriority } from "./worker-priority";
import type { FromWorker, ToWorker } from "./worker-protocol";

/** Body of a parse worker: any number of concurrent parse jobs, multiplexed by id. */
const port = parentPort;
lowerThisThreadPriority();
if (!port) throw new Error("parse-worker-main must run in a worker thread");

const jobs = new Map<number, AsyncQueue<Uint8Array>>();

function post(msg: FromWorker, transfer: ArrayBuffer[] = []) {
  port!.postMessage(msg, transfer);
}

/** A row chunk's bytes are moved, not copied, to the main thread (CopyTextBuffer.take hands out a buffer of its own). */
function transferOf(out: ParseOutput): ArrayBuffer[] {
  return out.type === "rows" ? [out.chunk.data.buffer as ArrayBuffer] : [];
}

function start(id: number, request: ParseRequest) {
  const input = new AsyncQueue<Uint8Array>(() => post({ id, type: "pulled" }));
  jobs.set(id, input);
  parseCloudTrail(input, request, (out) => post({ id, type: "out", out }, transferOf(out))).then(
    () => jobs.delete(id),
    (e: unknown) => {
      jobs.delete(id);
      post({ id, type: "error", message: e instanceof Error ? e.message : String(e) });
    },
  );
}

port.on("message", (m: ToWorker) => {
  switch (m.op) {
    case "start":
      start(m.id, m.request);
      break;
    case "chunk":
      jobs.get(m.id)?.push(m.chunk);
      break;
    case "end":
      jobs.get(m.id)?.close();
      break;
    case "abort":
      jobs.get(m.id)?.fail(new Error(m.message));
      break;
  }
});
