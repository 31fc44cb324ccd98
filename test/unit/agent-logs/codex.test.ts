import path from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, expectAccounted, FIXTURES, parseFile } from "./helpers";

describe("Codex rollout with approval_policy never (fixture)", async () => {
  const r = await parseFile(path.join(FIXTURES, "rollout-2025-10-02T14-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl"));
  const [s] = r.sessions;
  const call = s.actions.find((a) => a.toolCallId === "call_rds1")!;

  it("accounts for every record", () => {
    expect(r.format).toBe("codex");
    expectAccounted(r);
    expect(r.read).toBe(12);
    expect(r.quarantine.map((q) => q.reason)).toEqual(["payload: expected object"]);
  });

  it("reads session meta and the approval policy as mode", () => {
    expect(s).toMatchObject({
      externalId: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
      kind: "codex",
      agentVersion: "0.46.0",
      mode: "never",
      approvalPolicy: "never (sandbox: danger-full-access)",
      model: "gpt-5-codex",
      cwd: "/srv/app",
      metaRecords: 3,
    });
  });

  it("pairs the shell function_call with exec_command_end and its output by call_id", () => {
    expect(call).toMatchObject({ tool: "shell", exitCode: 0, isError: false, risk: "destructive", cwd: "/srv/app", recordCount: 3 });
    expect(call.command).toBe("aws rds delete-db-instance --db-instance-identifier prod-db --skip-final-snapshot --region eu-west-1");
    expect(call.commands[0].aws).toMatchObject({
      service: "rds",
      operation: "delete-db-instance",
      args: { "db-instance-identifier": "prod-db", "skip-final-snapshot": true },
      region: "eu-west-1",
    });
    expect(call.output).toContain('"DBInstanceStatus": "deleting"');
    expect(call.endedAt).toBe(Date.parse("2025-10-02T14:00:07.000Z"));
    expect(call.approval).toMatchObject({
      decision: "approved",
      source: "policy",
      detail: "approval_policy=never: Codex runs commands without asking",
    });
  });

  it("does not duplicate prompts and messages logged both as event_msg and response_item", () => {
    expect(s.actions.map((a) => a.kind)).toEqual(["prompt", "tool_call", "message"]);
    expect(s.actions[0]).toMatchObject({ text: "The staging database is out of disk, free some space", recordCount: 2 });
  });
});

describe("Codex corpus", () => {
  it("real 0.135 session: prompt and answer, developer/environment context as metadata", async () => {
    const r = await parseFile(path.join(CORPUS, "codex/agent-history/tests/fixtures/real_sessions/codex/session-01.jsonl"));
    expectAccounted(r);
    const [s] = r.sessions;
    expect(s).toMatchObject({
      externalId: "019e9625-802f-7e91-840a-cfe88d14117a",
      agentVersion: "0.135.0",
      mode: "never",
      approvalPolicy: "never (sandbox: read-only)",
      model: "gpt-5.5",
      metaRecords: 4,
    });
    expect(s.actions.map((a) => a.kind)).toEqual(["prompt", "message"]);
    expect(r.skipped.map((x) => x.reason)).toEqual([
      "codex event_msg/task_started",
      "codex event_msg/token_count",
      "codex event_msg/task_complete",
    ]);
  });

  it("0.146 schema fixture: function_call / custom_tool_call / mcp / patch events become tool calls", async () => {
    const r = await parseFile(path.join(CORPUS, "agent-sessions/Resources/Fixtures/stage0/agents/codex/small.jsonl"));
    expectAccounted(r);
    const s = r.sessions.find((x) => x.externalId === "019fc8be-3658-7ca3-9e29-000000000000")!;
    const call2 = s.actions.find((a) => a.toolCallId === "call-2")!;
    expect(call2).toMatchObject({ tool: "shell", command: "ls", output: "a.txt\n", risk: "read" });
    expect(s.actions.find((a) => a.toolCallId === "call-1")).toMatchObject({ tool: "shell", output: "a.txt\nb.txt\n" });
    expect(s.actions.find((a) => a.toolCallId === "call-5")).toMatchObject({ tool: "mcp__example__example_tool", isError: false });
    expect(s.actions.find((a) => a.toolCallId === "call-6")).toMatchObject({ tool: "apply_patch", risk: "write" });
    expect(r.quarantine.every((q) => /timestamp|payload/.test(q.reason))).toBe(true);
  });

  it("old 0.50–0.53 rollouts are read without errors", async () => {
    for (const f of ["codex_050_legacy.jsonl", "codex_051_usage.jsonl", "codex_052_raw.jsonl", "codex_053_rate_limit.jsonl"]) {
      const r = await parseFile(path.join(CORPUS, "agent-sessions/Resources/Fixtures", f));
      expect(r.format).toBe("codex");
      expect(r.quarantine).toEqual([]);
      expectAccounted(r);
    }
    const rl = await parseFile(path.join(CORPUS, "agent-sessions/Resources/Fixtures/codex_053_rate_limit.jsonl"));
    expect(rl.sessions[0].actions[0]).toMatchObject({ kind: "error", text: "Rate limit exceeded" });
  });
});
