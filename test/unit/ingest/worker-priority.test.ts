import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { parseWorkerNice } from "@/lib/ingest/parse/worker-priority";

describe("parse worker priority", () => {
  it("defaults to nice 10, accepts 0–19 and refuses anything else", () => {
    expect(parseWorkerNice(undefined)).toBe(10);
    expect(parseWorkerNice("")).toBe(10);
    expect(parseWorkerNice("0")).toBe(0);
    expect(parseWorkerNice("19")).toBe(19);
    expect(() => parseWorkerNice("20")).toThrow(/AFTERMATH_PARSE_NICE/);
    expect(() => parseWorkerNice("-5")).toThrow(/AFTERMATH_PARSE_NICE/);
  });

  it("a worker thread's setPriority(0, n) lowers that thread only, not the thread serving requests", async () => {
    const { getPriority } = await import("node:os");
    const before = getPriority(0);
    const w = new Worker(
      `const os = require("node:os"); os.setPriority(0, 10); require("node:worker_threads").parentPort.postMessage(os.getPriority(0));`,
      {
        eval: true,
      },
    );
    const inWorker = await new Promise<number>((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
    });
    await w.terminate();
    // an unprivileged process cannot lower its nice value; root can (the suite run under `nice -n 19` as root)
    const privileged = process.getuid?.() === 0;
    expect(inWorker).toBe(privileged ? 10 : Math.max(10, before));
    expect(getPriority(0)).toBe(before);
  });
});
