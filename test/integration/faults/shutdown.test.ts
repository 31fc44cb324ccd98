import { spawn } from "node:child_process";
import { request } from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 14 #3: with a request hanging (an upload waiting on a database that went away), SIGTERM no longer stopped
 * the server. With the graceful shutdown installed it exits within twice the grace period, whatever is pending.
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");

async function sigtermWithHungRequest(env: Record<string, string>): Promise<{ code: number | null; ms: number }> {
  const script = 'import("./lib/cli/run-ts.mjs").then((m) => m.runTs("test/integration/faults/support/hung-server.ts", "main", []))';
  const p = spawn("node", ["--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "pglite:memory", AFTERMATH_SHUTDOWN_GRACE_MS: "1000", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/ready (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    p.on("exit", () => reject(new Error("server exited before it was ready")));
  });
  request({ port, host: "127.0.0.1", path: "/api/ingest", method: "POST" })
    .on("error", () => undefined)
    .write("{");
  await new Promise((r) => setTimeout(r, 300));
  const t = Date.now();
  p.kill("SIGTERM");
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 8000));
  const code = await Promise.race([exited, timeout]);
  const ms = Date.now() - t;
  if (code === "timeout") {
    p.kill("SIGKILL");
    return { code: null, ms };
  }
  return { code, ms };
}

describe("SIGTERM with a request that never finishes", () => {
  it("exits within twice the grace period", { timeout: 120_000 }, async () => {
    const r = await sigtermWithHungRequest({});
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(2000 + 1500);
  });

  it("(control) hangs without the graceful shutdown, as the probe saw", { timeout: 120_000 }, async () => {
    const r = await sigtermWithHungRequest({ AFTERMATH_NO_SHUTDOWN: "1" });
    expect(r.code).toBeNull();
  });
});
