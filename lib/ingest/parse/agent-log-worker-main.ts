import { parentPort } from "node:worker_threads";
import { parseAgentLog } from "@/lib/agent-logs";
import type { AgentLogParseOptions } from "@/lib/agent-logs/types";
import { lowerThisThreadPriority } from "./worker-priority";

/** Body of the agent-log parse worker: one request at a time, `{ id, data, opts }` → `{ id, result }` or `{ id, error }`. */
const port = parentPort;
lowerThisThreadPriority();
if (!port) throw new Error("agent-log-worker-main must run in a worker thread");

port.on("message", (m: { id: number; data: Uint8Array; opts: AgentLogParseOptions }) => {
  try {
    const text = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).toString("utf8");
    port.postMessage({ id: m.id, result: parseAgentLog(text, m.opts) });
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
