import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { TEST_USERS } from "./auth";

let server: ChildProcess | null = null;
let dataDir: string | null = null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/**
 * Builds the app (unless SKIP_BUILD=1), loads the demo into a fresh embedded store and starts `next start`
 * on a free loopback port — the same commands a user runs.
 */
export async function setup(project: TestProject) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (process.env.SKIP_BUILD !== "1") {
    const b = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
    if (b.status !== 0) throw new Error("next build failed");
  }
  dataDir = mkdtempSync(path.join(tmpdir(), "aftermath-browser-"));
  const dbEnv = { ...env, DATABASE_URL: `pglite:${path.join(dataDir, "pglite")}` };
  // the headless first run creates the admin; the CLI the other test users (password on stdin)
  const s = spawnSync("node", ["lib/cli/bin.mjs", "setup", "--demo"], {
    stdio: "inherit",
    env: { ...dbEnv, AFTERMATH_ADMIN_EMAIL: TEST_USERS.admin.email, AFTERMATH_ADMIN_PASSWORD: TEST_USERS.admin.password },
  });
  if (s.status !== 0) throw new Error("aftermath setup --demo failed");
  for (const who of ["editor", "editor2", "viewer"] as const) {
    const u = TEST_USERS[who];
    const c = spawnSync("node", ["lib/cli/bin.mjs", "users", "create", "--email", u.email, "--role", u.role, "--name", who], {
      input: u.password,
      stdio: ["pipe", "inherit", "inherit"],
      env: dbEnv,
    });
    if (c.status !== 0) throw new Error(`aftermath users create ${u.email} failed`);
  }
  const port = await freePort();
  server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: dbEnv,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || server.exitCode !== null) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  project.provide("baseUrl", base);
}

export async function teardown() {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
