import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestContext } from "@/lib/agent-logs";
import { approvalNote } from "@/lib/agent-logs/approval-notes";
import { sessionProvenance } from "@/lib/agent-logs/queries";
import type { Store } from "@/lib/db";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { ingestPaths } from "@/lib/ingest/pipeline";
import type { FileReport } from "@/lib/ingest/report";
import { reconstructAll } from "@/lib/reconstruct";
import { listIncidentReports } from "@/lib/reconstruct/incident-reports";
import { expectCountsAddUp } from "../support/ingest-helpers";
import { testStores } from "../support/stores";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");
const RUN_START = Date.parse("2025-11-04T08:59:50Z");
const FILE_TIME = Date.parse("2025-11-04T09:01:15Z");
const CI = {
  provider: "github-actions",
  repository: "acme/payments-infra",
  workflow: "cleanup-stacks",
  runId: "12345678901",
  actor: "octo-dev",
};

function ingest(store: Store, rel: string, opts: { fileTime?: number; context?: IngestContext; name?: string } = {}): Promise<FileReport> {
  const bytes = readFileSync(path.join(FIXTURES, rel));
  return ingestFile(store, {
    name: opts.name ?? rel,
    chunks: Readable.from([bytes]),
    via: "cli",
    fileTime: opts.fileTime,
    context: opts.context,
  });
}

async function sessionActions(store: Store, kind: string, externalId: string) {
  const s = await store.prisma.agentSession.findUniqueOrThrow({ where: { kind_externalId: { kind, externalId } } });
  const actions = await store.prisma.agentAction.findMany({ where: { sessionId: s.id }, orderBy: { seq: "asc" } });
  return { s, actions, calls: actions.filter((a) => a.kind === "tool_call") };
}

describe.each(testStores())("new agent-log formats on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("Gemini CLI chat and its pretty-printed logs.json: one format each, commands and a declined call stored", async () => {
    const chat = await ingest(store, "agent-logs/gemini/tmp/9f1c2e3d/chats/session-2025-11-05T14-02-c0ffee00.json");
    expectCountsAddUp(chat);
    expect(chat).toMatchObject({ kind: "agent-log", format: "gemini-cli", read: 6, ingested: 6, quarantined: 0, error: null });
    const logs = await ingest(store, "agent-logs/gemini/tmp/9f1c2e3d/logs.json");
    expectCountsAddUp(logs);
    expect(logs).toMatchObject({ format: "gemini-cli", read: 3, quarantined: 0 });
    const { s, calls } = await sessionActions(store, "gemini", "c0ffee00-1111-4222-8333-444455556666");
    expect(calls.map((a) => [a.command, a.exitCode, a.approval])).toEqual([
      ["aws rds describe-db-snapshots --snapshot-type manual --query 'DBSnapshots[].DBSnapshotIdentifier' --output text", 0, null],
      ["aws rds delete-db-snapshot --db-snapshot-identifier orders-2024-01", 0, null],
      ["aws rds delete-db-snapshot --db-snapshot-identifier orders-2025-10", null, "rejected"],
      ["aws rds describe-db-snapshots --db-snapshot-identifier nope", 254, null],
    ]);
    expect(s).toMatchObject({ toolCalls: 4, destructive: 2, rejections: 1 });
    // the session page explains the three calls without a recorded approval
    expect(await sessionProvenance(store, s.id)).toEqual({
      kind: "gemini",
      timesApproximate: null,
      ci: null,
      unknownApprovals: 3,
      toolCalls: 4,
    });
    expect(approvalNote("gemini")).toMatch(/not who approved a call that ran/);
  });

  it("Copilot CLI events.jsonl and a Cline task folder", async () => {
    const cop = await ingest(store, "agent-logs/copilot/session-state/7d3e9a10-2b4c-4d5e-8f60-718293a4b5c6/events.jsonl");
    expectCountsAddUp(cop);
    expect(cop).toMatchObject({ format: "copilot-cli", read: 12, quarantined: 0 });
    const c = await sessionActions(store, "copilot", "7d3e9a10-2b4c-4d5e-8f60-718293a4b5c6");
    expect(c.calls.map((a) => [a.command, a.exitCode, a.isError])).toEqual([
      ["aws s3 rm s3://acme-old-logs --recursive", 0, false],
      ["aws s3api delete-bucket --bucket acme-old-logs", 254, true],
    ]);
    const ui = await ingest(store, "agent-logs/cline/tasks/1762500000000/ui_messages.json");
    expectCountsAddUp(ui);
    expect(ui).toMatchObject({ format: "cline", read: 17, skipped: 1, quarantined: 0 });
    const api = await ingest(store, "agent-logs/cline/tasks/1762500000000/api_conversation_history.json");
    expectCountsAddUp(api);
    expect(api).toMatchObject({ format: "cline", read: 3, skipped: 3, ingested: 0 });
    const cl = await sessionActions(store, "cline", "1762500000000");
    expect(cl.calls.filter((a) => a.tool === "execute_command").map((a) => [a.approval, a.approvalSource])).toEqual([
      ["approved", "config"],
      ["approved", "user"],
      ["rejected", "user"],
    ]);
  });

  it("an OpenCode storage directory is ingested as one source through the CLI pipeline", async () => {
    const report = await ingestPaths(store, [path.join(FIXTURES, "agent-logs/opencode/storage")], { via: "cli" });
    expect(report.files).toHaveLength(1);
    const [f] = report.files;
    expectCountsAddUp(f);
    expect(f).toMatchObject({ kind: "agent-log", format: "opencode", read: 8, skipped: 1, quarantined: 0, error: null });
    const { calls } = await sessionActions(store, "opencode", "ses_7f3a9c2e1ffeAbCdEfGh");
    expect(calls.map((a) => [a.exitCode, a.approval])).toEqual([
      [0, null],
      [null, "rejected"],
    ]);
  });

  it("Codex on-request approvals and a duplicate call_id: two actions, counts add up, re-ingest adds nothing", async () => {
    const rel = "agent-logs/rollout-2025-11-08T09-00-00-0199b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b.jsonl";
    const r = await ingest(store, rel);
    expectCountsAddUp(r);
    expect(r).toMatchObject({ format: "codex", read: 14, quarantined: 0 });
    const { calls } = await sessionActions(store, "codex", "0199b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b");
    expect(calls.map((a) => [a.key, a.approval, a.approvalSource])).toEqual([
      ["call_ls", "approved", "policy"],
      ["call_rb", "approved", "user"],
      ["call_dup", "approved", "policy"],
      ["call_dup#2", "approved", "user"],
      ["call_term", "rejected", "user"],
    ]);
    const again = await ingest(store, rel);
    expect(again).toMatchObject({ ingested: 0, duplicates: r.ingested + r.duplicates });
  });

  it("end to end: a headless Claude Code run in CI with an OIDC role deletes a stack; the incident is reconstructed", async () => {
    const ct = await ingest(store, "cloudtrail/gha-oidc-claude-delete-stack.json");
    expectCountsAddUp(ct);
    expect(ct).toMatchObject({ kind: "cloudtrail", ingested: 6, quarantined: 0 });
    const log = await ingest(store, "agent-logs/claude-headless-stream.jsonl", {
      fileTime: FILE_TIME,
      context: { runStartedAt: RUN_START, ci: CI },
    });
    expectCountsAddUp(log);
    expect(log).toMatchObject({ kind: "agent-log", format: "claude-code-headless", read: 13, quarantined: 0 });

    const { s, calls } = await sessionActions(store, "claude-code", "5b0e2c1d-7a8f-4e2b-9c3d-1f2e3a4b5c6d");
    expect(s.timesApproximate).toMatch(/the run's start/);
    expect(s.ciContext).toEqual(CI);
    expect(s.startedAt?.getTime()).toBe(RUN_START);
    expect(await sessionProvenance(store, s.id)).toMatchObject({
      ci: CI,
      unknownApprovals: 0,
      timesApproximate: expect.stringMatching(/estimated/),
    });
    expect(calls.map((a) => [a.command?.split(" ").slice(0, 3).join(" "), a.approval, a.approvalSource])).toEqual([
      ["aws sts get-caller-identity", "approved", "config"],
      ["aws cloudformation list-stacks", "approved", "config"],
      ["aws cloudformation delete-stack", "approved", "config"],
      ["aws iam delete-role", "rejected", "config"],
    ]);

    await reconstructAll(store);
    const deleteStack = calls[2];
    const link = await store.prisma.actionEventLink.findFirst({
      where: { actionId: deleteStack.id, eventId: "c1a0de00-0000-4000-8000-000000000004" },
    });
    expect(link).not.toBeNull();
    expect(link?.confidence).not.toBe("high"); // times are approximate: one level less
    const reports = await listIncidentReports(store);
    const incident = reports.find((r) => r.trigger.eventId === "c1a0de00-0000-4000-8000-000000000004");
    expect(incident).toMatchObject({
      trigger: { eventName: "DeleteStack", principalArn: "arn:aws:sts::111122223333:assumed-role/gha-claude-infra/GitHubActions" },
      agent: { kind: "claude-code", sessionId: "5b0e2c1d-7a8f-4e2b-9c3d-1f2e3a4b5c6d" },
    });
    expect(incident?.agent.command).toBe("aws cloudformation delete-stack --stack-name payments-api-prod --region us-east-1");
    expect(incident?.destructiveEventIds).toEqual(
      expect.arrayContaining([
        "c1a0de00-0000-4000-8000-000000000004",
        "c1a0de00-0000-4000-8000-000000000005",
        "c1a0de00-0000-4000-8000-000000000006",
      ]),
    );
  });
});
