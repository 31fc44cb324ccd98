import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { IngestReport } from "@/lib/ingest/report";
import { freshPostgresUrl } from "@/test/support/stores";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { serveRoutes } from "../support/ingest-server";

/**
 * `ingest --server` against a server that checks the token. NEEDS THE ACCOUNTS MERGE: app/api/ingest/route.ts going
 * through `route({ permission: "data:ingest" })`, lib/auth/resolve-actor.ts calling `actorFromBearer`, and the route
 * passing `actor` and `meta` into ingestFile's input. Before that the route accepts anyone and these tests fail.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "aftermath-server-auth-"));
const admin: Actor = { kind: "system", name: "test-admin" };

function aftermath(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("node", ["lib/cli/bin.mjs", ...args], {
      cwd: ROOT,
      env: { ...process.env, AFTERMATH_SERVER: "", DATABASE_URL: "pglite:/nonexistent/never-opened", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("ingest --server with token checks (after the accounts merge)", () => {
  let server: { url: string; close: () => Promise<void> };
  let db: string;
  const a = path.join(work, "a.json");
  const b = path.join(work, "b.json");

  beforeAll(async () => {
    db = await freshPostgresUrl("srvauth");
    process.env.DATABASE_URL = db;
    const { POST } = await import("@/app/api/ingest/route");
    server = await serveRoutes({ "POST /api/ingest": POST as never });
    writeFileSync(a, JSON.stringify({ Records: [syntheticRecord(1, { seed: 93 })] }));
    writeFileSync(b, JSON.stringify({ Records: [syntheticRecord(2, { seed: 93 })] }));
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    const { getStore } = await import("@/lib/db");
    await (await getStore()).close();
  });

  it("audits each uploaded source as the token; refuses a revoked token (401) and a read token (403) naming the file", {
    timeout: 300_000,
  }, async () => {
    const { getStore } = await import("@/lib/db");
    const { createToken, revokeToken } = await import("@/lib/auth/tokens/mutations");
    const store = await getStore();
    const ingest = await createToken(store, admin, { name: "laptop", scope: "ingest", kind: "service", expiresAt: null });
    const ok = await aftermath({ AFTERMATH_TOKEN: ingest.token }, "ingest", a, "--server", server.url, "--json");
    expect(ok.code, ok.stderr).toBe(0);
    const report = IngestReport.parse(JSON.parse(ok.stdout));
    const audit = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "ingest.source", targetId: report.files[0].sourceId! } });
    expect(audit).toMatchObject({ actorType: "token", actorId: ingest.view.id, actorLabel: "token laptop" });
    expect((await store.prisma.apiToken.findUniqueOrThrow({ where: { id: ingest.view.id } })).lastUsedAt).not.toBeNull();

    const reader = await createToken(store, admin, { name: "reader", scope: "read", kind: "service", expiresAt: null });
    const forbidden = await aftermath({ AFTERMATH_TOKEN: reader.token }, "ingest", a, b, "--server", server.url, "--json");
    expect(forbidden.code).toBe(1);
    const rf = IngestReport.parse(JSON.parse(forbidden.stdout));
    expect(rf.files[0].error).toMatch(/a\.json: the token may not upload .* \(403\)/);
    expect(rf.files[1].error).toMatch(/^not sent: /);

    await revokeToken(store, admin, ingest.view.id);
    const refused = await aftermath({ AFTERMATH_TOKEN: ingest.token }, "ingest", b, "--server", server.url);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/b\.json: http:\/\/127\.0\.0\.1:\d+ refused the token \(401\)/);
    expect(await store.prisma.ingestSource.count({ where: { fileName: "b.json" } })).toBe(0);
  });
});
