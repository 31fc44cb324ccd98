import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { openStore } from "@/lib/db";
import { generateDemoIncident } from "@/lib/demo";
import { measureIngest } from "./ingest";
import { median } from "./queries";
import { watchPeakRss } from "./rss";

/**
 * The HTTP phase of the scale benchmark: the demo incident is ingested (with reconstruction) into the benchmark
 * database, the built app (`next start`; `next build` first when .next is missing or stale, judged as `npm start`
 * does) is started against it with a headless admin, signs in through /api/auth/sign-in/email, and measures the
 * event explorer page (GET /events, GET /events?q=<needle>) and the incident timeline API
 * (GET /api/incidents/:id/timeline) over `requests` sequential requests each, after 2 untimed ones.
 */

export interface HttpTiming {
  label: string;
  p50Ms: number;
  p95Ms: number;
  medianMs: number;
  requests: number;
}

export interface HttpResult {
  timings: HttpTiming[];
  /** Peak RSS of the `next start` process (bytes), null off Linux. */
  serverPeakRssBytes: number | null;
  buildMs: number | null;
}

const ADMIN = { email: "bench-admin@aftermath.test", password: `bench-${randomBytes(9).toString("hex")}` };

export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

function runNode(args: string[], root: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out = (out + d).slice(-20_000)));
    child.stderr.on("data", (d) => (out = (out + d).slice(-20_000)));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** Builds the app unless .next was built from the current sources (the same test `npm start` uses). */
async function ensureBuild(root: string, log: (m: string) => void): Promise<number | null> {
  const check = `import { buildInputsHash, buildIsCurrent } from "./lib/cli/start.mjs"; const h = buildInputsHash(process.cwd()); process.stdout.write(buildIsCurrent(process.cwd(), h) ? "current" : "stale:" + h);`;
  const r = await runNode(["--input-type=module", "-e", check], root);
  const out = r.out.trim();
  if (out === "current") {
    log("http: .next is current (no build)");
    return null;
  }
  const hash = /stale:([0-9a-f]+)/.exec(out)?.[1];
  if (!hash) throw new Error(`http: could not check the build: ${out.slice(-500)}`);
  log("http: next build (sources changed since the last build)…");
  const t = performance.now();
  const b = await runNode([path.join(root, "node_modules/next/dist/bin/next"), "build"], root);
  if (b.code !== 0) throw new Error(`next build exited ${b.code}: ${b.out.slice(-2000)}`);
  writeFileSync(path.join(root, ".next", "aftermath-build-inputs.sha256"), `${hash}\n`);
  return performance.now() - t;
}

/** Writes the demo incident's files (CloudTrail gzipped, agent logs as is) under `dir` and ingests them with reconstruction. */
async function ingestDemo(databaseUrl: string, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  for (const f of generateDemoIncident().files) {
    const gz = f.path.endsWith(".json");
    const file = path.join(dir, gz ? `${f.path}.gz` : f.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, gz ? gzipSync(f.content) : f.content);
  }
  await measureIngest(databaseUrl, dir, { reconstruct: true });
  rmSync(dir, { recursive: true, force: true });
}

/** The demo incident's id and its window (trigger → recovery, or a day while open), as the timeline page asks for it. */
async function firstIncident(databaseUrl: string): Promise<{ id: string; from: number; to: number }> {
  const store = await openStore(databaseUrl);
  try {
    const i = await store.prisma.incident.findFirst({
      orderBy: { startedAt: "asc" },
      select: { id: true, startedAt: true, endedAt: true },
    });
    if (!i) throw new Error("http: no incident after ingesting the demo");
    const from = i.startedAt.getTime();
    return { id: String(i.id), from, to: i.endedAt ? Math.max(i.endedAt.getTime(), from + 1000) : from + 86_400_000 };
  } finally {
    await store.close();
  }
}

async function waitForHealth(base: string, server: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`next start exited ${server.exitCode}`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start: ${base}/api/health not ready after ${timeoutMs / 1000} s`);
}

async function signIn(base: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(ADMIN),
  });
  if (!r.ok) throw new Error(`sign-in: HTTP ${r.status} ${(await r.text()).slice(0, 300)}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (!cookies.length) throw new Error("sign-in: no session cookie");
  return cookies.join("; ");
}

async function timeRequests(label: string, url: string, cookie: string, requests: number): Promise<HttpTiming> {
  const get = async () => {
    const t = performance.now();
    const r = await fetch(url, { headers: { cookie }, redirect: "manual" });
    const body = await r.text();
    const ms = performance.now() - t;
    if (r.status !== 200) throw new Error(`${label}: GET ${url} → HTTP ${r.status} ${body.slice(0, 200)}`);
    return ms;
  };
  for (let i = 0; i < 2; i++) await get();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await get());
  return { label, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), medianMs: median(times), requests };
}

export async function measureHttp(
  databaseUrl: string,
  opts: { root?: string; port: number; requests: number; needle: string; workDir: string; log: (m: string) => void },
): Promise<HttpResult> {
  const root = opts.root ?? process.cwd();
  const { log } = opts;
  const buildMs = await ensureBuild(root, log);
  log("http: ingesting the demo incident (with reconstruction)…");
  await ingestDemo(databaseUrl, path.join(opts.workDir, "demo"));
  const incident = await firstIncident(databaseUrl);
  const base = `http://127.0.0.1:${opts.port}`;
  const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(opts.port)], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AFTERMATH_ADMIN_EMAIL: ADMIN.email,
      AFTERMATH_ADMIN_PASSWORD: ADMIN.password,
      AFTERMATH_SECRET: randomBytes(32).toString("hex"),
      AFTERMATH_URL: base,
      NODE_ENV: "production",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  server.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const rss = watchPeakRss(server.pid);
  try {
    log(`http: next start on ${base}…`);
    await waitForHealth(base, server);
    const cookie = await signIn(base);
    const n = opts.requests;
    const timings = [
      await timeRequests("GET /events (explorer page, default range)", `${base}/events`, cookie, n),
      await timeRequests(`GET /events?q=${opts.needle}`, `${base}/events?q=${encodeURIComponent(opts.needle)}`, cookie, n),
      await timeRequests(
        "GET /api/incidents/:id/timeline (demo incident, its whole window, 300 buckets)",
        `${base}/api/incidents/${encodeURIComponent(incident.id)}/timeline?${new URLSearchParams({ from: String(incident.from), to: String(incident.to), buckets: "300" })}`,
        cookie,
        n,
      ),
    ];
    return { timings, serverPeakRssBytes: rss.stop(), buildMs };
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}${stderr ? `\nnext start stderr: ${stderr.slice(-1500)}` : ""}`);
  } finally {
    rss.stop();
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => {
        const t = setTimeout(() => {
          server.kill("SIGKILL");
          r(null);
        }, 10_000);
        server.once("exit", () => {
          clearTimeout(t);
          r(null);
        });
      });
    }
  }
}
