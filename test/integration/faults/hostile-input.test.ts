import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { ingestOtlp } from "@/lib/ingest/otlp";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { testStores } from "../../support/stores";

/**
 * Issue 14 #1, #4, #7: gzip bombs and huge records in agent logs, and secrets in every quarantine and skip path.
 * The limits are lowered here (8 MiB inflated, 1 MiB per record) so the bombs stay quick to build; the code path is
 * the one the defaults take.
 */
process.env.AFTERMATH_AGENT_LOG_MAX_BYTES = String(8 * 1024 * 1024);
process.env.AFTERMATH_AGENT_RECORD_MAX_BYTES = String(1024 * 1024);

const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const GITHUB_TOKEN = "ghp_R7x9Qm2Lk8Vn4Bz1Wc6Ty3Hp5Js0Df2Ga8Ku";

function canonicalLines(session: string, n: number): string {
  const lines = [JSON.stringify({ type: "session_start", sessionId: session, agent: "bomb-bot", startedAt: "2025-07-18T09:12:00Z" })];
  for (let i = 0; i < n; i++)
    lines.push(
      JSON.stringify({
        type: "tool_call",
        sessionId: session,
        toolCallId: `t${i}`,
        at: "2025-07-18T09:12:09Z",
        tool: "shell",
        command: `echo ${i}`,
      }),
    );
  return `${lines.join("\n")}\n`;
}

/** A multi-member gzip: `head` then `copies` members each inflating to 1 MiB of `fill` (about 1 KiB each compressed). */
function bomb(head: string, copies: number, fill: number): Buffer {
  const member = gzipSync(Buffer.alloc(1024 * 1024, fill), { level: 9 });
  return Buffer.concat([gzipSync(Buffer.from(head)), ...Array.from({ length: copies }, () => member)]);
}

async function* chunksOf(buf: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Longest stall of this thread's event loop while `fn` runs (a blocked request thread shows here). */
async function maxStall<T>(fn: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  try {
    return { value: await fn(), stallMs: worst };
  } finally {
    clearInterval(timer);
  }
}

describe.each(testStores())("hostile input ($name)", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    // Warm-up: module loading and worker start-up are not what the stall measurement is about.
    await ingestFile(store, { name: "warm.jsonl", chunks: chunksOf(Buffer.from(canonicalLines("warm", 2))), via: "api" });
  });
  afterAll(async () => {
    await store.close();
  });

  it.each([
    ["a 1 GiB bomb of one endless line", 1024, 0x00],
    ["a 600 MiB bomb of blank lines", 600, 0x0a],
  ])("%s: keeps the valid records, quarantines the rest, bounded memory, no stall", async (_label, copies, fill) => {
    const session = `bomb-${copies}-${fill}`;
    const gz = bomb(canonicalLines(session, 50), copies, fill);
    expect(gz.length).toBeLessThan(4 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const { value: report, stallMs } = await maxStall(() =>
      ingestFile(store, { name: `${session}.jsonl.gz`, chunks: chunksOf(gz), format: "canonical", via: "api" }),
    );
    const grew = process.memoryUsage().rss - rssBefore;
    expect(report.error).toBeNull();
    expect(report.ingested).toBeGreaterThanOrEqual(50); // the valid records before the bomb are kept
    expect(report.quarantined).toBeGreaterThanOrEqual(1);
    expect(report.quarantine.some((q) => /larger than the limit|per-record limit/.test(q.reason))).toBe(true);
    expect(report.read).toBe(report.ingested + report.duplicates + report.quarantined + report.skipped);
    expect(report.notes.join(" ")).toMatch(/stopped reading after|gzip/);
    expect(grew).toBeLessThan(300 * 1024 * 1024);
    // The probe saw 11 s. Generous for a 2-core machine shared by many processes (scheduler stalls alone reach 1-2 s).
    expect(stallMs).toBeLessThan(3000);
    expect(await store.prisma.agentAction.count({ where: { session: { externalId: session } } })).toBe(50);
  });

  it("quarantines a record over the per-record limit unparsed, keeping the records around it", async () => {
    const session = "huge-field";
    const huge = JSON.stringify({ type: "prompt", sessionId: session, at: "2025-07-18T09:12:01Z", text: "x".repeat(5 * 1024 * 1024) });
    const text = `${canonicalLines(session, 3)}${huge}\n${canonicalLines(session, 0).replace("session_start", "session_start")}`;
    const report = await ingestFile(store, { name: "huge.jsonl", chunks: chunksOf(Buffer.from(text)), via: "api" });
    expect(report.quarantine.some((q) => /per-record limit/.test(q.reason) && q.line === 5)).toBe(true);
    expect(report.ingested).toBeGreaterThanOrEqual(3);
    const row = await store.prisma.quarantinedRecord.findFirstOrThrow({
      where: { sourceId: report.sourceId!, reason: { contains: "per-record" } },
    });
    expect(row.rawText.length).toBeLessThanOrEqual(64 * 1024);
  });

  it("redacts secrets in every quarantine and skip path, the ingest name and CloudTrail secret fields", async () => {
    // CloudTrail: a malformed line and a record with a password and a session token
    const good = syntheticRecord(1, { seed: 99 });
    const withSecrets = {
      ...syntheticRecord(2, { seed: 99 }),
      eventName: "CreateLoginProfile",
      requestParameters: { userName: "alice", password: "Hunter2-Sup3r-Secret!" },
      responseElements: {
        credentials: { accessKeyId: "ASIAEXAMPLE000000001", sessionToken: "FwoGZXIvYXdzEXAMPLETOKENVALUE1234567890abcdef" },
      },
    };
    const ct = [JSON.stringify(good), `{"broken": "aws_secret_access_key=${AWS_SECRET}"`, JSON.stringify(withSecrets)].join("\n");
    const ctReport = await ingestFile(store, { name: `trail-${GITHUB_TOKEN}.jsonl`, chunks: chunksOf(Buffer.from(ct)), via: "api" });
    expect(ctReport.quarantined).toBe(1);
    expect(ctReport.redactions).toBeGreaterThanOrEqual(3);
    // agent log: a malformed line with a GitHub token
    const agent = `${canonicalLines("secret-session", 1)}{"type":"tool_call", "token": "${GITHUB_TOKEN}"\n`;
    const agentReport = await ingestFile(store, {
      name: "agent.jsonl",
      chunks: chunksOf(Buffer.from(agent)),
      format: "canonical",
      via: "api",
    });
    expect(agentReport.quarantined).toBeGreaterThanOrEqual(1);
    // OTLP: a malformed body
    const otlp = await ingestOtlp(store, "logs", Buffer.from(`{"resourceLogs": [ "aws_secret_access_key=${AWS_SECRET}" ${GITHUB_TOKEN}`));
    expect(otlp.quarantined).toBe(1);

    const everything = JSON.stringify(
      {
        quarantine: await store.prisma.quarantinedRecord.findMany(),
        skipped: await store.prisma.skippedRecord.findMany(),
        sources: await store.prisma.ingestSource.findMany(),
        events: await store.prisma.cloudTrailEvent.findMany({ select: { raw: true, searchText: true } }),
      },
      (_k, v) => (typeof v === "bigint" ? String(v) : v),
    );
    for (const secret of [AWS_SECRET, GITHUB_TOKEN, "Hunter2-Sup3r-Secret!", "FwoGZXIvYXdzEXAMPLETOKENVALUE1234567890abcdef"])
      expect(everything).not.toContain(secret);
    expect(everything).toContain("[REDACTED:");
    // identifiers the correlation needs are kept
    expect(everything).toContain("ASIAEXAMPLE000000001");
    const src = await store.prisma.ingestSource.findUniqueOrThrow({ where: { id: ctReport.sourceId! } });
    expect(src.redactions).toBeGreaterThanOrEqual(3);
    expect(src.fileName).toContain("[REDACTED:");
  });
});
