import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { errorResponse } from "@/lib/http/route";
import { type PgServer, startPostgres } from "@/test/support/postgres-server";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * Issue 14 #3 and #8: PostgreSQL stopped in the middle of an upload. The upload must answer 503 with the report of
 * what was stored before (not hang: the probe waited 225 s), and health must answer 503 while the store is down.
 * Runs on a private PostgreSQL server this test starts and stops.
 */
process.env.AFTERMATH_DB_CONNECT_TIMEOUT_MS = "2000";
process.env.AFTERMATH_HEALTH_DEADLINE_MS = "2000";

let server: PgServer;
const { handleIngest, IngestQuery } = await import("@/app/api/ingest/handle-ingest");
const { GET: health } = await import("@/app/api/health/route");
const { getStore } = await import("@/lib/db");

/** An endless JSONL upload: 1,000 records per chunk, a little slower than the database takes them. */
function endlessUpload(onChunk: (n: number) => void): ReadableStream<Uint8Array> {
  let n = 0;
  return new ReadableStream({
    async pull(c) {
      if (n >= 2000) return c.close();
      const lines: string[] = [];
      for (let i = 0; i < 1000; i++) lines.push(JSON.stringify(syntheticRecord(n * 1000 + i, { seed: 9, total: 2_000_000 })));
      c.enqueue(Buffer.from(`${lines.join("\n")}\n`));
      onChunk(++n);
      await new Promise((r) => setTimeout(r, 15));
    },
  });
}

describe("PostgreSQL stopped mid-upload", () => {
  beforeAll(async () => {
    server = await startPostgres();
    process.env.DATABASE_URL = server.url();
    await getStore(); // opened and migrated while the server is up
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers health 200 while up", async () => {
    const res = await health(new Request("http://x/api/health"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
  });

  it("answers the upload 503 with the report of what was stored, within seconds", async () => {
    let stopped: Promise<void> | null = null;
    const body = endlessUpload((n) => {
      if (n === 40 && !stopped) stopped = server.stop();
    });
    const request = new Request("http://x/api/ingest?name=outage.jsonl", { method: "POST", body, duplex: "half" } as RequestInit);
    const started = Date.now();
    let res: Response;
    try {
      res = await handleIngest(request, CLI_ACTOR, IngestQuery.parse({ name: "outage.jsonl" }));
    } catch (e) {
      res = errorResponse(e, request);
    }
    const took = Date.now() - started;
    await stopped;
    expect(res.status).toBe(503);
    const json = await res.json();
    expect(json.error.code).toBe("unavailable");
    const file = json.error.details.report.files[0];
    expect(file.error).toMatch(/database/);
    expect(file.read).toBeGreaterThan(0);
    expect(file.read).toBeGreaterThanOrEqual(file.ingested);
    expect(took).toBeLessThan(45_000);
  });

  it("answers health 503 while the store is down", async () => {
    const started = Date.now();
    const res = await health(new Request("http://x/api/health"), { params: Promise.resolve({}) });
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
