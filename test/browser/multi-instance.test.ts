import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "@/lib/db";
import { storeSnapshot, writeDemoCorpus } from "../support/multi-instance";
import { type PgServer, startPostgres } from "../support/postgres-server";
import { TEST_USERS } from "./support/auth";

/**
 * Issue 13, end to end (an HTTP journey, no browser): one real PostgreSQL, two `next start` processes from the one
 * build started at the same moment on a fresh database (both migrate, both create the env admin, both need the
 * session secret), the CLI beside them. A cookie signed in on one app is accepted by the other; an API token made
 * on one uploads to both. The demo corpus goes in as single-file uploads split with overlap between the two apps,
 * and as one CLI run over the middle, all at once. The store must then hold the same events, sessions, actions,
 * links and incidents as one clean `aftermath ingest <dir>` into a fresh database, with no source left running.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

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

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn("node", ["lib/cli/bin.mjs", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    p.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitHealthy(base: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || app.exitCode !== null) throw new Error(`the app at ${base} did not start`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("two app instances and the CLI on one PostgreSQL", () => {
  let server: PgServer;
  const apps: ChildProcess[] = [];
  const bases: string[] = [];
  let dir: string;
  let files: string[];
  const env = (db: string): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: server.url(db),
      AFTERMATH_PROGRESS: "lines",
    };
    // the session secret is generated and kept in the store (both apps must agree); no fixed origin
    for (const k of ["AFTERMATH_SECRET", "BETTER_AUTH_SECRET", "AFTERMATH_URL", "AFTERMATH_ADMIN_EMAIL", "AFTERMATH_ADMIN_PASSWORD"])
      delete e[k];
    return e;
  };

  beforeAll(async () => {
    server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    await admin.query("CREATE DATABASE multi");
    await admin.query("CREATE DATABASE single");
    await admin.end();
    dir = mkdtempSync(path.join(tmpdir(), "aftermath-multi-e2e-"));
    files = writeDemoCorpus(dir);
    // both apps at once on the fresh database: migrations, the env admin and the session secret race here
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      apps.push(
        spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
          cwd: ROOT,
          env: { ...env("multi"), AFTERMATH_ADMIN_EMAIL: TEST_USERS.admin.email, AFTERMATH_ADMIN_PASSWORD: TEST_USERS.admin.password },
          stdio: ["ignore", "inherit", "inherit"],
          detached: true,
        }),
      );
    }
    await Promise.all(bases.map((b, i) => waitHealthy(b, apps[i])));
  }, 300_000);

  afterAll(async () => {
    for (const app of apps)
      if (app.pid)
        try {
          process.kill(-app.pid, "SIGTERM");
        } catch {
          /* gone */
        }
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("agrees on one secret and one admin, and ends with the rows, links and incidents of one clean run", { timeout: 600_000 }, async () => {
    // sign in on app 0; the cookie works on app 1 (one session secret, one admin account)
    const signIn = await fetch(`${bases[0]}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: bases[0] },
      body: JSON.stringify({ email: TEST_USERS.admin.email, password: TEST_USERS.admin.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => c.includes("session_token"));
    expect(cookie).toBeTruthy();
    const created = await fetch(`${bases[1]}/api/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: bases[1], cookie: cookie! },
      body: JSON.stringify({ name: "multi-instance", scope: "ingest", kind: "service", expires: "7d" }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };

    const upload = async (base: string, file: string) => {
      const res = await fetch(`${base}/api/ingest?name=${encodeURIComponent(path.relative(dir, file))}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
        body: readFileSync(file),
      });
      if (res.status !== 200) throw new Error(`${base} ${file}: HTTP ${res.status} ${await res.text()}`);
    };
    const uploadAll = async (base: string, list: string[], width: number) => {
      const queue = [...list];
      await Promise.all(
        Array.from({ length: width }, async () => {
          for (let f = queue.shift(); f; f = queue.shift()) await upload(base, f);
        }),
      );
    };
    const third = Math.ceil(files.length / 3);
    const [toApp0, toApp1, toCli] = [
      files.slice(0, 2 * third),
      files.slice(third).reverse(),
      files.slice(third / 2, files.length - third / 2),
    ];
    const [, , cli] = await Promise.all([
      uploadAll(bases[0], toApp0, 3),
      uploadAll(bases[1], toApp1, 3),
      run(["ingest", ...toCli, "--json"], env("multi")),
    ]);
    expect(cli.code, cli.stderr).toBe(0);

    const single = await run(["ingest", dir, "--json"], env("single"));
    expect(single.code, single.stderr).toBe(0);
    const [multiStore, singleStore] = await Promise.all([openStore(server.url("multi")), openStore(server.url("single"))]);
    try {
      const expected = await storeSnapshot(singleStore.prisma);
      expect(expected.incidents.length).toBeGreaterThan(0);
      expect(await storeSnapshot(multiStore.prisma)).toEqual(expected);
      expect(await multiStore.prisma.user.count()).toBe(1);
      expect(await multiStore.prisma.appSecret.count()).toBe(1);
    } finally {
      await Promise.all([multiStore.close(), singleStore.close()]);
    }
  });
});
