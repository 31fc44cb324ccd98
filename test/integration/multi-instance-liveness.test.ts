import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { createToken } from "@/lib/auth/tokens/mutations";
import { verifyToken } from "@/lib/auth/tokens/verify";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { keyOfId, withLock } from "@/lib/db/advisory-lock";
import type { AppError } from "@/lib/errors";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { recoverInterruptedIngests } from "@/lib/ingest/pipeline";
import { loadDemoIfEmpty } from "@/lib/reconstruct/demo";
import { getSource } from "@/lib/sources/queries";
import { watchDirectories } from "@/lib/watch/watcher";
import { freshPostgresUrl } from "@/test/support/stores";
import { writeDemoCorpus } from "../support/multi-instance";

/**
 * Liveness and locks between two processes on one PostgreSQL (issue 13), as two stores (two pools) on one
 * database. An ingest running in the other process (on another host) is never marked interrupted, however old
 * its heartbeat looks from here; one whose session is gone is, at once.
 */

const freshPgUrl = () => freshPostgresUrl("t");

/** A CloudTrail JSONL upload that sends its first record, then waits for `release` before the second. */
function pausedUpload(name: string, release: Promise<void>) {
  const record = (id: string) =>
    `${JSON.stringify({
      eventVersion: "1.08",
      eventTime: "2025-12-09T02:00:00Z",
      eventSource: "s3.amazonaws.com",
      eventName: "ListBuckets",
      awsRegion: "us-east-1",
      eventID: id,
      eventType: "AwsApiCall",
      recipientAccountId: "111122223333",
      userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333" },
      readOnly: true,
    })}\n`;
  async function* chunks() {
    yield Buffer.from(record("7e0a0c55-0000-4000-8000-000000000001"));
    await release;
    yield Buffer.from(record("7e0a0c55-0000-4000-8000-000000000002"));
  }
  return { name, chunks: chunks(), via: "api" as const, format: "cloudtrail-jsonl" };
}

async function waitForSource(store: Store, path: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const row = await store.prisma.ingestSource.findFirst({ where: { path }, select: { id: true } });
    if (row) return row.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no source row for ${path}`);
}

describe("two processes on one PostgreSQL: liveness and locks", () => {
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    const url = await freshPgUrl();
    a = await openStore(url);
    await migrateStore(a, url);
    b = await openStore(url);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("never marks an ingest running in another process interrupted, however old its heartbeat", async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const running = ingestFile(b, pausedUpload("paused.jsonl", released));
    const id = await waitForSource(a, "paused.jsonl");
    // What a live ingest on another host looks like when its heartbeat lags minutes behind (an event loop busy
    // parsing, a stalled timer, a skewed clock).
    await a.prisma.ingestSource.update({
      where: { id },
      data: { host: "another-host", heartbeatAt: new Date(Date.now() - 10 * 60_000) },
    });
    expect(await recoverInterruptedIngests(a)).toBe(0);
    expect((await getSource(a, id))?.status).toBe("running");
    release();
    const report = await running;
    expect(report).toMatchObject({ error: null, ingested: 2 });
    expect((await getSource(a, id))?.status).toBe("done");
  });

  it("marks a running ingest whose session is gone interrupted at once, even with a fresh heartbeat", async () => {
    const row = await b.prisma.ingestSource.create({
      data: {
        kind: "cloudtrail",
        fileName: "gone.json",
        path: "gone.json",
        sha256: "pending",
        sizeBytes: 0n,
        status: "running",
        via: "api",
        pid: 4242,
        host: "another-host",
        heartbeatAt: new Date(),
      },
    });
    expect((await getSource(a, row.id))?.status).toBe("interrupted");
    expect(await recoverInterruptedIngests(a)).toBe(1);
    expect((await a.prisma.ingestSource.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("interrupted");
  });

  it("two watchers (two processes) on one directory ingest each file once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "aftermath-multi-watch-"));
    try {
      const all = writeDemoCorpus(dir).length;
      const once = (store: Store) => watchDirectories(store, { dirs: [dir], settleMs: 0, once: true, now: () => Date.now() + 60_000 });
      const [na, nb] = await Promise.all([once(a), once(b)]);
      expect(na + nb).toBe(all);
      expect(await a.prisma.ingestSource.count({ where: { via: "watch" } })).toBe(all);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it("`setup --demo` in two processes at once loads the demo once", async () => {
    const url = await freshPgUrl();
    const [x, y] = [await openStore(url), await openStore(url)];
    try {
      await migrateStore(x, url);
      const loaded = await Promise.all([loadDemoIfEmpty(x), loadDemoIfEmpty(y)]);
      expect(loaded.filter((r) => r !== null)).toHaveLength(1);
      const files = loaded.find((r) => r !== null)!.files.length;
      expect(await x.prisma.ingestSource.count()).toBe(files);
      expect(await x.prisma.incident.count()).toBe(1);
    } finally {
      await Promise.all([x.close(), y.close()]);
    }
  }, 300_000);

  it("counts a token's rate limit once across both processes", async () => {
    const { token } = await createToken(a, CLI_ACTOR, { name: "shared-limit", scope: "ingest", kind: "service", expiresAt: null });
    process.env.AFTERMATH_TOKEN_RATE_LIMIT = "4";
    try {
      const results = [];
      for (const store of [a, b, a, b, a, b])
        results.push(
          await verifyToken(store, token).then(
            (r) => r.ok,
            (e: AppError) => e.code,
          ),
        );
      expect(results).toEqual([true, true, true, true, "rate_limited", "rate_limited"]);
    } finally {
      delete process.env.AFTERMATH_TOKEN_RATE_LIMIT;
    }
  });

  it("withLock excludes the other process: jobs on one key never overlap, other keys run at once", async () => {
    const log: string[] = [];
    const job = (who: string, ms: number) => async () => {
      log.push(`${who}+`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${who}-`);
    };
    const key = keyOfId("5b7a8f0e-1111-4222-8333-944445555666");
    await Promise.all([withLock(a, "relink", key, job("a", 300)), withLock(b, "relink", key, job("b", 300))]);
    expect([log.join(" ")]).toContainEqual(expect.stringMatching(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/));
    log.length = 0;
    await Promise.all([withLock(a, "relink", key, job("a", 300)), withLock(b, "relink", key + 1, job("b", 300))]);
    expect(log.slice(0, 2).sort()).toEqual(["a+", "b+"]);
  });
});
