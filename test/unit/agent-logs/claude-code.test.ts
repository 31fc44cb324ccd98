import path from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, expectAccounted, FIXTURES, parseFile } from "./helpers";

const VIEWER = path.join(CORPUS, "claude-code/claude-code-viewer/mock-global-claude-dir/projects/sample-project");

describe("Claude Code transcript fe5e1c67 (real, v1.0.98, interleaved sidechains)", async () => {
  const r = await parseFile(path.join(VIEWER, "fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl"));
  const [s] = r.sessions;
  const calls = s.actions.filter((a) => a.kind === "tool_call");

  it("is detected and fully accounted for", () => {
    expect(r.format).toBe("claude-code");
    expect(r.read).toBe(438);
    expect(r.quarantine).toEqual([]);
    expect(r.sessions).toHaveLength(1);
    expectAccounted(r);
  });

  it("has the session metadata", () => {
    expect(s).toMatchObject({
      externalId: "fe5e1c67-53e7-4862-81ae-d0e013e3270b",
      kind: "claude-code",
      agentVersion: "1.0.98",
      cwd: "/path/to/Demo",
      model: "claude-sonnet-4-20250514",
      metaRecords: 1,
    });
    expect(s.mode).toBeNull();
    expect(s.awsIdentity).toBeNull();
  });

  it("pairs 61 Bash calls, 5 Task sub-agents and 23 errors with their results", () => {
    expect(calls.filter((a) => a.tool === "Bash")).toHaveLength(61);
    expect(calls.filter((a) => a.tool === "Task")).toHaveLength(5);
    expect(calls.filter((a) => a.isError)).toHaveLength(23);
    expect(calls.every((a) => a.endedAt !== null)).toBe(true);
  });

  it("keeps a specific command with its exit status and output", () => {
    const c = calls.find((a) => a.command === "npx create-next-app@latest todo-app --typescript --tailwind --eslint --app")!;
    expect(c).toMatchObject({
      tool: "Bash",
      exitCode: 0,
      isError: false,
      risk: "write",
      actor: "subagent",
      text: expect.stringContaining("Next.js"),
    });
    expect(c.commands[0]).toMatchObject({ program: "npx", risk: "write" });
    const failed = calls.find((a) => a.command === "ls -la types/" && a.isError)!;
    expect(failed.output).toBe("ls: cannot access 'types/': No such file or directory");
    expect(failed.exitCode).toBeNull();
    const bg = calls.find((a) => a.command === "pnpm dev --port 3001")!;
    expect(bg.exitCode).toBeNull();
    expect(bg.output).toContain("running in background");
  });

  it("attributes sidechain actions to the Task that spawned them", () => {
    const task = calls.find((a) => a.tool === "Task" && (a.input as { description?: string }).description === "Build TODO components")!;
    const sub = s.actions.filter((a) => a.subagent === task.toolCallId);
    expect(sub.length).toBeGreaterThan(5);
    expect(sub[0]).toMatchObject({ kind: "prompt", actor: "agent" });
    expect(sub.some((a) => a.kind === "tool_call" && a.command === "mkdir -p components")).toBe(true);
    expect(new Set(s.actions.map((a) => a.subagent)).size).toBe(6);
  });

  it("keeps log order for seq even where timestamps go backwards", () => {
    let backwards = 0;
    for (let i = 1; i < s.actions.length; i++) if (s.actions[i].at < s.actions[i - 1].at) backwards++;
    expect(backwards).toBe(3);
  });

  it("each tool call merges its tool_use line and its tool_result line", () => {
    const split = s.actions.filter((a) => a.kind === "tool_call" && a.recordCount === 2);
    expect(split.length).toBe(calls.length);
  });
});

describe("Claude Code hand-made destructive session (fixture)", async () => {
  const r = await parseFile(path.join(FIXTURES, "claude-code-destructive.jsonl"));
  const [s] = r.sessions;
  const byId = (id: string) => s.actions.find((a) => a.toolCallId === id)!;

  it("accounts for every line, quarantining the broken one", () => {
    expectAccounted(r);
    expect(r.read).toBe(17);
    expect(r.quarantine).toHaveLength(1);
    expect(r.quarantine[0].reason).toMatch(/^invalid JSON/);
    expect(r.quarantine[0].position).toEqual({ index: 16, line: 17 });
    expect(r.skipped.map((x) => x.reason)).toEqual(["claude-code file-history-snapshot record (bookkeeping)"]);
  });

  it("reads the destructive delete-stack with its profile, region and policy approval", () => {
    const del = byId("toolu_del");
    expect(del.risk).toBe("destructive");
    expect(del.commands[0]).toMatchObject({ program: "aws", risk: "destructive", riskReason: "aws cloudformation delete-stack" });
    expect(del.commands[0].aws).toEqual({
      service: "cloudformation",
      operation: "delete-stack",
      args: { "stack-name": "api-prod", region: "us-east-1" },
      profile: "prod",
      region: "us-east-1",
    });
    expect(del.commands[1].aws?.operation).toBe("wait");
    expect(del.approval).toEqual({
      decision: "approved",
      approver: null,
      source: "policy",
      detail: "bypassPermissions",
      at: Date.parse("2025-07-18T09:13:08.000Z"),
    });
    expect(del).toMatchObject({ exitCode: 0, isError: false, endedAt: Date.parse("2025-07-18T09:16:40.000Z") });
  });

  it("records the user's rejection and leaves approval null where nothing was recorded", () => {
    expect(byId("toolu_tf").approval).toMatchObject({ decision: "rejected", source: "user" });
    expect(byId("toolu_tf").risk).toBe("destructive");
    expect(byId("toolu_list").approval).toBeNull();
  });

  it("derives the session mode and AWS identity with evidence", () => {
    expect(s.mode).toBe("bypass");
    expect(s.approvalPolicy).toBe("bypassPermissions");
    expect(s.awsIdentity).toMatchObject({
      principalArn: "arn:aws:sts::123456789012:assumed-role/AdminRole/dev-session",
      accountId: "123456789012",
      roleArn: "arn:aws:iam::123456789012:role/AdminRole",
      sessionName: "dev-session",
      region: "us-east-1",
    });
    expect(s.awsIdentity!.evidence).toContain("sts get-caller-identity output (toolu_sts)");
    expect(s.awsIdentity!.evidence).toContain("AWS_PROFILE=prod env prefix on aws (toolu_del)");
  });

  it("redacts secrets in output and raw records", () => {
    const env = byId("toolu_env");
    expect(env.output).toContain("AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id]");
    expect(env.output).toContain("AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-access-key]");
    expect(JSON.stringify(r)).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(JSON.stringify(r)).not.toContain("wJalrXUtnFEMI");
    expect(r.redactions).toBeGreaterThanOrEqual(4);
  });

  it("merges the split text + tool_use lines of msg_01", () => {
    expect(s.actions[1]).toMatchObject({ kind: "message", text: "I'll list the stacks first." });
    expect(byId("toolu_list").recordCount).toBe(2);
  });
});

describe("other Claude Code corpus files", () => {
  it("edge_cases.jsonl: malformed lines are quarantined naming the field", async () => {
    const r = await parseFile(path.join(CORPUS, "claude-code/claude-code-log/test/test_data/edge_cases.jsonl"));
    expectAccounted(r);
    const reasons = r.quarantine.map((q) => q.reason);
    expect(reasons).toContain("message.content: missing");
    expect(reasons).toContain("message: expected object");
    expect(reasons).toContain("record is not a JSON object");
    expect(reasons).toContain("type: missing");
    const failing = r.sessions[0].actions.find((a) => a.toolCallId === "tool_edge_001")!;
    expect(failing).toMatchObject({
      tool: "FailingTool",
      isError: true,
      output: "Error: Tool execution failed with error: Command not found",
    });
  });

  it("v2.1 session with queue-operation / last-prompt and permissionMode dontAsk", async () => {
    const r = await parseFile(path.join(CORPUS, "claude-code/agent-history/tests/fixtures/real_sessions/claude/session-01.jsonl"));
    expectAccounted(r);
    expect(r.sessions[0].mode).toBe("dontAsk");
    expect(r.sessions[0].agentVersion).toMatch(/^2\.1\./);
    expect(r.skipped.map((s) => s.reason)).toContain("claude-code queue-operation record (bookkeeping)");
  });

  it("separate agent-*.jsonl sub-agent file belongs to its parent session", async () => {
    const r = await parseFile(path.join(VIEWER, "agent-test-hash-123.jsonl"));
    expectAccounted(r);
    expect(r.sessions[0].externalId).toBe("5c0375b4-57a5-4f26-b12d-d022ee4e51b7");
    expect(r.sessions[0].actions.every((a) => a.subagent === "agent-test-hash-123")).toBe(true);
  });

  it("2.x subagents/agent-<id>.jsonl uses its agentId", async () => {
    const r = await parseFile(
      path.join(
        CORPUS,
        "agent-sessions/Resources/Fixtures/stage0/agents/claude/subagent/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f/subagents/agent-a0ad4f44468bdf20d.jsonl",
      ),
    );
    expectAccounted(r);
    expect(r.sessions[0].actions.length).toBeGreaterThan(0);
    expect(r.sessions[0].actions.every((a) => a.subagent !== null)).toBe(true);
  });
});
