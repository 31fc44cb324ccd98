import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Store } from "@/lib/db";
import { DEMO_EXPECTED } from "@/lib/demo";
import { IncidentReport } from "@/lib/incidents/report-schema";
import { ingestOtlp } from "@/lib/ingest/otlp";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { reconstructAll } from "@/lib/reconstruct";
import { loadDemo } from "@/lib/reconstruct/demo";
import { listIncidentReports } from "@/lib/reconstruct/incident-reports";
import { corpusFile, expectCountsAddUp, ingestBytes, ingestCorpusFile } from "../support/ingest-helpers";
import { testStores } from "../support/stores";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/agent-logs");

describe.each(testStores())("agent logs and incidents on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("stores a real Claude Code transcript: 61 Bash calls with results, re-ingest adds nothing", async () => {
    const rel =
      "agent-logs/claude-code/claude-code-viewer/mock-global-claude-dir/projects/sample-project/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl";
    const r = await ingestCorpusFile(store, rel);
    expectCountsAddUp(r);
    expect(r).toMatchObject({ kind: "agent-log", format: "claude-code", error: null });
    const session = await store.prisma.agentSession.findFirst({ where: { kind: "claude-code", externalId: { startsWith: "fe5e1c67" } } });
    expect(session).not.toBeNull();
    const bash = await store.prisma.agentAction.count({ where: { sessionId: session!.id, kind: "tool_call", tool: "Bash" } });
    expect(bash).toBeGreaterThanOrEqual(61);
    const errors = await store.prisma.agentAction.count({ where: { sessionId: session!.id, isError: true } });
    expect(errors).toBeGreaterThan(0);
    const again = await ingestCorpusFile(store, rel);
    expect(again.ingested).toBe(0);
    expect(again.duplicates).toBe(r.ingested + r.duplicates);
    expect(await store.prisma.agentAction.count({ where: { sessionId: session!.id, kind: "tool_call", tool: "Bash" } })).toBe(bash);
  });

  it("ingests every agent-log corpus file with zero errors and counts adding up", async () => {
    const report = await ingestPaths(store, [corpusFile("agent-logs")], { via: "cli" });
    for (const f of report.files) {
      expect(f.error, f.path).toBeNull();
      expectCountsAddUp(f);
    }
    expect(report.files.filter((f) => f.kind === "agent-log").length).toBeGreaterThanOrEqual(40);
    // formats nobody reads (e.g. Gemini, Copilot) are quarantined whole with a reason, never dropped
    for (const f of report.files.filter((x) => x.kind === "unknown")) expect(f.quarantined).toBeGreaterThan(0);
  });

  it("never stores a secret: redacted in every field, raw record included, and counted", async () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    const token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    const lines = [
      { type: "session_start", sessionId: "sec-1", agent: "in-house-bot", mode: "autopilot", startedAt: "2026-01-01T00:00:00Z" },
      {
        type: "tool_call",
        sessionId: "sec-1",
        toolCallId: "t1",
        at: "2026-01-01T00:00:01Z",
        tool: "shell",
        command: `AWS_SECRET_ACCESS_KEY=${secret} aws s3 ls`,
        env: { GITHUB_TOKEN: token },
      },
      {
        type: "tool_result",
        sessionId: "sec-1",
        toolCallId: "t1",
        at: "2026-01-01T00:00:02Z",
        exitCode: 0,
        output: `export GITHUB_TOKEN=${token}\npostgres://app:hunter2secret@db.internal:5432/app`,
      },
      { type: "session_end", sessionId: "sec-1", at: "2026-01-01T00:00:03Z" },
    ];
    const r = await ingestBytes(store, "secrets.jsonl", lines.map((l) => JSON.stringify(l)).join("\n"), "canonical");
    expect(r.redactions).toBeGreaterThanOrEqual(3);
    const session = await store.prisma.agentSession.findFirst({ where: { externalId: "sec-1" } });
    const dump = JSON.stringify(
      { session, actions: await store.prisma.agentAction.findMany({ where: { sessionId: session!.id } }) },
      (_, v) => (typeof v === "bigint" ? String(v) : v),
    );
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain("hunter2secret");
    expect(dump).toContain("[REDACTED");
    const src = await store.prisma.ingestSource.findUnique({ where: { id: r.sourceId! } });
    expect(src?.redactions).toBe(r.redactions);
  });

  it("accepts OTLP/JSON traces and logs as sent to /v1/traces and /v1/logs", async () => {
    const traces = readFileSync(path.join(FIXTURES, "otel-genai-trace.json"));
    const t = await ingestOtlp(store, "traces", traces);
    expect(t.error).toBeNull();
    expect(t.ingested).toBeGreaterThan(0);
    const logs = readFileSync(path.join(FIXTURES, "claude-code-otel-logs.json"));
    const l = await ingestOtlp(store, "logs", logs);
    expect(l.ingested).toBeGreaterThan(0);
    const bad = await ingestOtlp(store, "traces", Buffer.from('{"resourceSpans": [ {broken'));
    expect(bad).toMatchObject({ read: 1, quarantined: 1, ingested: 0 });
  });

  it("reconstructs the demo incident from its files: trigger, approval gap, inherited privilege, 13 h", async () => {
    await loadDemo(store);
    const reports = await listIncidentReports(store);
    const demo = reports.find((r) => r.trigger.eventId === DEMO_EXPECTED.triggerEventId);
    expect(demo).toBeDefined();
    expect(() => z.array(IncidentReport).parse(reports)).not.toThrow();
    expect(demo).toMatchObject({
      status: "resolved",
      startedAt: DEMO_EXPECTED.startedAt,
      endedAt: DEMO_EXPECTED.endedAt,
      durationMinutes: 780,
      trigger: { eventName: "DeleteStack", principalArn: DEMO_EXPECTED.principalArn },
      agent: { kind: "kiro", sessionId: DEMO_EXPECTED.sessionExternalId, toolCallId: DEMO_EXPECTED.triggerToolCallId },
      approval: { recorded: false, mode: "autopilot" },
      privilege: { inheritedHumanSession: true, human: DEMO_EXPECTED.human },
      recovery: { eventId: DEMO_EXPECTED.recoveryEventId },
    });
    for (const id of DEMO_EXPECTED.unrelatedDeleteEventIds) expect(demo!.destructiveEventIds).not.toContain(id);
    // the agent's blocked DeleteDBInstance is linked but is not an incident
    expect(reports.some((r) => r.trigger.eventId === DEMO_EXPECTED.blockedEventId)).toBe(false);
    const link = await store.prisma.actionEventLink.findFirst({ where: { eventId: DEMO_EXPECTED.blockedEventId } });
    expect(link).not.toBeNull();

    // reconstruction is idempotent: running it again changes nothing
    const before = await store.prisma.incident.findMany({ orderBy: { triggerEventId: "asc" } });
    await reconstructAll(store);
    const after = await store.prisma.incident.findMany({ orderBy: { triggerEventId: "asc" } });
    expect(after.map((i) => [i.id, i.triggerEventId, i.durationMinutes])).toEqual(
      before.map((i) => [i.id, i.triggerEventId, i.durationMinutes]),
    );
  });
});
