import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { IngestReport } from "@/lib/ingest/report";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { cliStores, freshPgUrl, ROOT } from "../support/cli-stores";
import { serveRoutes } from "../support/ingest-server";

/** `npx aftermath tokens …` and `npx aftermath ingest --server` through the real CLI. */
const work = mkdtempSync(path.join(tmpdir(), "aftermath-cli-tokens-"));

/** The `tokens create --json` contract: exactly these four fields. */
const CreatedToken = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  scope: z.enum(["ingest", "read", "write", "admin"]),
  token: z.string().regex(/^aft_[0-9A-Za-z]{49}$/),
});

function aftermath(env: Record<string, string | undefined>, ...args: string[]) {
  const r = spawnSync("node", ["lib/cli/bin.mjs", ...args], {
    cwd: ROOT,
    env: { ...process.env, AFTERMATH_SERVER: undefined, AFTERMATH_TOKEN: undefined, ...env },
    encoding: "utf8",
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking this process (it serves the HTTP the CLI talks to). */
function aftermathAsync(env: Record<string, string | undefined>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("node", ["lib/cli/bin.mjs", ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        AFTERMATH_SERVER: undefined,
        AFTERMATH_TOKEN: undefined,
        DATABASE_URL: "pglite:/nonexistent/never-opened",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const stores = cliStores("clitok");

describe.each(stores)("tokens commands on $name", ({ url }) => {
  it("create --json prints one object {id, name, scope, token}; list shows it; revoke revokes it", { timeout: 300_000 }, async () => {
    const db = await url();
    const created = aftermath(
      { DATABASE_URL: db },
      "tokens",
      "create",
      "--name",
      "ci upload",
      "--scope",
      "ingest",
      "--expires",
      "30d",
      "--json",
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim().split("\n")).toHaveLength(1);
    const t = CreatedToken.parse(JSON.parse(created.stdout));
    expect(t).toMatchObject({ name: "ci upload", scope: "ingest" });

    const list = aftermath({ DATABASE_URL: db }, "tokens", "list", "--json");
    expect(list.code, list.stderr).toBe(0);
    const views = JSON.parse(list.stdout);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      id: t.id,
      name: "ci upload",
      scope: "ingest",
      kind: "service",
      status: "active",
      prefix: t.token.slice(0, 10),
    });
    expect(Date.parse(views[0].expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(list.stdout).not.toContain(t.token);

    const text = aftermath({ DATABASE_URL: db }, "tokens", "create", "--name", "reader", "--scope", "read");
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/not shown again/);
    expect(text.stdout).toMatch(/\naft_[0-9A-Za-z]{49}\n/);

    const revoked = aftermath({ DATABASE_URL: db }, "tokens", "revoke", t.id);
    expect(revoked.code, revoked.stderr).toBe(0);
    const table = aftermath({ DATABASE_URL: db }, "tokens", "list");
    expect(table.stdout).toMatch(/ci upload .*revoked/);
    expect(table.stdout).toMatch(/reader .*active/);

    expect(aftermath({ DATABASE_URL: db }, "tokens", "revoke", "00000000-0000-4000-8000-000000000000").code).toBe(1);
    const bad = aftermath({ DATABASE_URL: db }, "tokens", "create", "--name", "x", "--scope", "root");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--scope ingest\|read\|write\|admin/);
    expect(aftermath({ DATABASE_URL: db }, "tokens", "create", "--name", "x", "--scope", "read", "--expires", "soon").stderr).toMatch(
      /not understood/,
    );
    // the CLI's own actions are audited as the CLI
    const c = db.startsWith("postgres") ? new pg.Client({ connectionString: db }) : null;
    if (c) {
      await c.connect();
      const { rows } = await c.query("SELECT action, actor_label FROM audit_log WHERE action LIKE 'token.%' ORDER BY id");
      await c.end();
      expect(rows).toEqual([
        { action: "token.create", actor_label: "cli" },
        { action: "token.create", actor_label: "cli" },
        { action: "token.revoke", actor_label: "cli" },
      ]);
    }
  });
});

describe("ingest --server", () => {
  let server: { url: string; close: () => Promise<void> };
  let token: string;
  let db: string;
  const good = path.join(work, "good.json.gz");
  const mixed = path.join(work, "mixed.jsonl");
  const big = path.join(work, "big.json");

  beforeAll(async () => {
    db = await freshPgUrl("clitok");
    const created = aftermath({ DATABASE_URL: db }, "tokens", "create", "--name", "laptop", "--scope", "ingest", "--json");
    if (created.code !== 0) throw new Error(created.stderr);
    token = CreatedToken.parse(JSON.parse(created.stdout)).token;
    // the server: the app's own /api/ingest route on the same store, behind a real HTTP listener
    process.env.DATABASE_URL = db;
    process.env.AFTERMATH_INGEST_MAX_BYTES = String(256 * 1024);
    const { POST } = await import("@/app/api/ingest/route");
    server = await serveRoutes({ "POST /api/ingest": POST as never });
    writeFileSync(good, gzipSync(JSON.stringify({ Records: [syntheticRecord(1, { seed: 91 }), syntheticRecord(2, { seed: 91 })] })));
    writeFileSync(mixed, `${JSON.stringify(syntheticRecord(3, { seed: 91 }))}\n{"eventTime": oops\n`);
    writeFileSync(big, JSON.stringify({ Records: Array.from({ length: 600 }, (_, i) => syntheticRecord(100 + i, { seed: 91 })) }));
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    const { getStore } = await import("@/lib/db");
    await (await getStore()).close();
  });

  it("uploads each file with the token: same report, --json contract and exit codes as a local ingest", { timeout: 300_000 }, async () => {
    const env = { AFTERMATH_TOKEN: token, AFTERMATH_PROGRESS: "lines" };
    const ok = await aftermathAsync(env, "ingest", good, "--server", server.url, "--json");
    expect(ok.code, ok.stderr).toBe(0);
    const r = IngestReport.parse(JSON.parse(ok.stdout));
    expect(r).toMatchObject({ read: 2, ingested: 2, duplicates: 0, quarantined: 0 });
    expect(r.files[0]).toMatchObject({ path: good, format: "cloudtrail-records", error: null });
    expect(r.files[0].notes).toContain("gzip"); // sent as is, gunzipped by the server
    expect(ok.stderr).toMatch(/progress \[#+\] 100%\s+files 1\/1/);

    const q = await aftermathAsync({ ...env, AFTERMATH_SERVER: server.url }, "ingest", mixed, good, "--json");
    expect(q.code, q.stderr).toBe(2);
    const r2 = IngestReport.parse(JSON.parse(q.stdout));
    expect(r2).toMatchObject({ read: 4, ingested: 1, duplicates: 2, quarantined: 1 });
    expect(r2.files.map((f) => f.path)).toEqual([mixed, good]);
    expect(r2.files[0].quarantine[0]).toMatchObject({ index: 1, line: 2 });

    const text = await aftermathAsync(env, "ingest", good, "--server", server.url);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/read 2, ingested 0, duplicates 2/);

    // the sources are on the server's store
    const c = new pg.Client({ connectionString: db });
    await c.connect();
    const { rows } = await c.query(
      "SELECT file_name, via, ingested FROM ingest_source WHERE file_name IN ('good.json.gz', 'mixed.jsonl') ORDER BY started_at",
    );
    await c.end();
    expect(rows[0]).toMatchObject({ file_name: "good.json.gz", via: "api", ingested: 2 });
  });

  it("names the file for a 413, a missing file, a missing token and an unreachable server (exit 1)", { timeout: 300_000 }, async () => {
    const env = { AFTERMATH_TOKEN: token };
    const tooBig = await aftermathAsync(env, "ingest", big, good, "--server", server.url, "--json");
    expect(tooBig.code).toBe(1);
    const r = IngestReport.parse(JSON.parse(tooBig.stdout));
    expect(r.files[0].path).toBe(big);
    expect(r.files[0].error).toMatch(/big\.json: larger than http:\/\/127\.0\.0\.1:\d+ accepts \(413\)/);
    expect(r.files[1]).toMatchObject({ path: good, error: null, duplicates: 2 }); // a 413 does not stop the others

    const missing = await aftermathAsync(env, "ingest", path.join(work, "nope.json"), "--server", server.url, "--json");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).files[0].error).toBe("no such file or directory");

    const noToken = await aftermathAsync({}, "ingest", good, "--server", server.url);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/set AFTERMATH_TOKEN/);

    const down = await aftermathAsync(env, "ingest", good, "--server", "http://127.0.0.1:9", "--json");
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout).files[0].error).toMatch(/good\.json\.gz: cannot reach http:\/\/127\.0\.0\.1:9/);

    const badUrl = await aftermathAsync(env, "ingest", good, "--server", "ftp://x");
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/http:\/\/ or https:\/\//);
  });
});
