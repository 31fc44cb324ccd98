import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectAgentLogFormat, parseAgentLog } from "@/lib/agent-logs";
import { openCodeBundle } from "@/lib/ingest/opencode-bundle";
import type { AgentActionInput } from "@/lib/model/agent";
import { CORPUS, expectAccounted, FIXTURES, parseFile } from "./helpers";

const fx = (rel: string) => path.join(FIXTURES, rel);
const STAGE0 = path.join(CORPUS, "agent-sessions/Resources/Fixtures/stage0/agents");
const calls = (r: ReturnType<typeof parseFile>): AgentActionInput[] =>
  r.sessions.flatMap((s) => s.actions.filter((a) => a.kind === "tool_call"));
const RUN_END = Date.parse("2025-11-04T09:01:15Z");

describe("honest detection: one format or unrecognised, never torn into lines", () => {
  it("a pretty-printed Gemini logs.json is gemini-cli, not claude-code lines", () => {
    const file = fx("gemini/tmp/9f1c2e3d/logs.json");
    expect(detectAgentLogFormat(readFileSync(file, "utf8"), file)).toBe("gemini-cli");
    const r = parseFile(file);
    expectAccounted(r);
    expect(r).toMatchObject({ format: "gemini-cli", read: 3, quarantine: [] });
    expect(r.sessions[0].actions.map((a) => a.text)).toEqual(["free up the old RDS snapshots in prod", "/chat save snapshots", "thanks"]);
  });

  it("a pretty-printed document that only a line reader would take is unrecognised with reasons, as one item", () => {
    const text = JSON.stringify({ type: "user", sessionId: "s", uuid: "u", message: { role: "user", content: "hi" } }, null, 2);
    expect(detectAgentLogFormat(text, "x.json")).toBeNull();
    const r = parseAgentLog(text, { fileName: "x.json" });
    expect(r.read).toBe(1);
    expect(r.quarantine).toHaveLength(1);
    expect(r.quarantine[0].reason).toMatch(
      /^unrecognised agent log format: It is a JSON object with keys \{type, sessionId, uuid, message\}/,
    );
    expect(r.quarantine[0].reason).toContain("gemini-cli (");
    expect(r.quarantine[0].reason).toContain("claude-code-headless (");
  });

  it("names OpenCode storage files instead of a generic refusal", () => {
    const r = parseFile(path.join(STAGE0, "opencode/storage_v2/message/s_stage0_small/msg_0001.json"));
    expect(r.quarantine[0].reason).toMatch(/looks like an OpenCode storage message file/);
  });

  it.each([
    ["gemini/small.json", "gemini-cli"],
    ["gemini/large.json", "gemini-cli"],
    ["gemini/jsonl_v040.jsonl", "gemini-cli"],
    ["copilot/small.jsonl", "copilot-cli"],
    ["copilot/subdir_v1/aaaabbbb-1111-2222-3333-ccccddddeeee/events.jsonl", "copilot-cli"],
    ["claude/small.jsonl", "claude-code"],
    ["codex/large.jsonl", "codex"],
  ])("corpus %s is %s", (rel, format) => {
    const r = parseFile(path.join(STAGE0, rel));
    expectAccounted(r);
    expect(r.format).toBe(format);
  });
});

describe("Claude Code headless output", () => {
  it("stream-json: init/assistant/user/result, approvals by config, denial from permission_denials, times approximate", () => {
    const r = parseFile(fx("claude-headless-stream.jsonl"), { fileTime: RUN_END });
    expectAccounted(r);
    expect(r.format).toBe("claude-code-headless");
    const [s] = r.sessions;
    expect(s).toMatchObject({
      externalId: "5b0e2c1d-7a8f-4e2b-9c3d-1f2e3a4b5c6d",
      kind: "claude-code",
      model: "claude-sonnet-4-5-20250929",
      agentVersion: "2.0.14",
    });
    expect(s.timesApproximate).toMatch(/file time minus the run's duration/);
    expect(s.awsIdentity?.roleArn).toBe("arn:aws:iam::111122223333:role/gha-claude-infra");
    const c = calls(r);
    expect(c.map((a) => a.command)).toEqual([
      "aws sts get-caller-identity",
      "aws cloudformation list-stacks --stack-status-filter CREATE_COMPLETE UPDATE_COMPLETE --query 'StackSummaries[].StackName' --output text",
      "aws cloudformation delete-stack --stack-name payments-api-prod --region us-east-1",
      "aws iam delete-role --role-name payments-api-prod-deployer",
    ]);
    expect(c[2]).toMatchObject({ risk: "destructive", exitCode: 0, approval: { decision: "approved", source: "config" } });
    expect(c[3]).toMatchObject({ isError: true, approval: { decision: "rejected", source: "config" } });
    // times: spread from file time − duration_ms (58 s) over the 13 messages, in order, ending at the file time
    expect(s.startedAt).toBe(RUN_END - 58_000);
    expect(s.endedAt).toBe(RUN_END);
    const times = s.actions.map((a) => a.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const result = s.actions.at(-1);
    expect(result).toMatchObject({ kind: "system", actor: "system" });
    expect(result?.text).toMatch(/^Run result: success · 6 turns · cost \$0\.0842 · 58 s · 1 permission denial\(s\): Bash/);
  });

  it("the run's start from the ingest context wins over the file time", () => {
    const start = Date.parse("2025-11-04T08:59:00Z");
    const r = parseFile(fx("claude-headless-stream.jsonl"), { fileTime: RUN_END, context: { runStartedAt: start } });
    expect(r.sessions[0].startedAt).toBe(start);
    expect(r.sessions[0].timesApproximate).toMatch(/the run's start/);
  });

  it("the GitHub Action execution file (JSON array) reads the same, with CI context from its path", () => {
    const r = parseFile(fx("acme/payments-infra/actions/runs/12345678901/claude-execution-output.json"), { fileTime: RUN_END });
    expectAccounted(r);
    expect(r.format).toBe("claude-code-headless");
    expect(calls(r)).toHaveLength(4);
    expect(r.sessions[0].ci).toEqual({
      provider: "github-actions",
      repository: "acme/payments-infra",
      workflow: null,
      runId: "12345678901",
      actor: null,
    });
    const ci = { provider: "github-actions", repository: "acme/x", workflow: "cleanup", runId: "9", actor: "octocat" };
    const withCtx = parseFile(fx("claude-headless-stream.jsonl"), { fileTime: RUN_END, context: { ci } });
    expect(withCtx.sessions[0]).toMatchObject({ ci, user: "octocat" });
  });

  it("--output-format json (the result alone): without any time it is quarantined with the reason, not dropped", () => {
    const none = parseFile(fx("claude-headless-result.json"));
    expectAccounted(none);
    expect(none.quarantine[0].reason).toBe("timestamp: missing, and no ingest time to estimate it from");
    const timed = parseFile(fx("claude-headless-result.json"), { fileTime: RUN_END });
    expect(timed.sessions[0].actions[0].text).toMatch(/^Run result: success/);
  });

  it("Claude Code web session {loglines}", () => {
    const r = parseFile(fx("claude-web-session.json"));
    expectAccounted(r);
    expect(r.format).toBe("claude-code-web");
    expect(r.sessions[0].externalId).toBe("session_01WebExampleAbCdEf");
    expect(calls(r)[0]).toMatchObject({ tool: "Bash", exitCode: 0, output: '{"FunctionName": "orders", "MemorySize": 1024}' });
  });
});

describe("Gemini CLI, Copilot CLI, Cline", () => {
  it("Gemini chat: run_shell_command with results, exit codes and a declined confirmation", () => {
    const r = parseFile(fx("gemini/tmp/9f1c2e3d/chats/session-2025-11-05T14-02-c0ffee00.json"));
    expectAccounted(r);
    const c = calls(r);
    expect(c.map((a) => [a.command, a.exitCode, a.isError, a.approval?.decision ?? null])).toEqual([
      ["aws rds describe-db-snapshots --snapshot-type manual --query 'DBSnapshots[].DBSnapshotIdentifier' --output text", 0, false, null],
      ["aws rds delete-db-snapshot --db-snapshot-identifier orders-2024-01", 0, false, null],
      ["aws rds delete-db-snapshot --db-snapshot-identifier orders-2025-10", null, true, "rejected"],
      ["aws rds describe-db-snapshots --db-snapshot-identifier nope", 254, true, null],
    ]);
    expect(c[1].risk).toBe("destructive");
  });

  it("Copilot CLI events.jsonl: tool requests paired with execution results", () => {
    const r = parseFile(fx("copilot/session-state/7d3e9a10-2b4c-4d5e-8f60-718293a4b5c6/events.jsonl"));
    expectAccounted(r);
    expect(r.format).toBe("copilot-cli");
    expect(r.sessions[0]).toMatchObject({ externalId: "7d3e9a10-2b4c-4d5e-8f60-718293a4b5c6", kind: "copilot", cwd: "/home/dev/infra" });
    expect(calls(r).map((a) => [a.command, a.exitCode, a.isError, a.approval])).toEqual([
      ["aws s3 rm s3://acme-old-logs --recursive", 0, false, null],
      ["aws s3api delete-bucket --bucket acme-old-logs", 254, true, null],
    ]);
  });

  it("Cline ui_messages: auto-approved (say), approved in the UI (ask then output), declined (ask then feedback)", () => {
    const r = parseFile(fx("cline/tasks/1762500000000/ui_messages.json"));
    expectAccounted(r);
    const c = calls(r).filter((a) => a.tool === "execute_command");
    expect(c.map((a) => [a.approval?.decision, a.approval?.source])).toEqual([
      ["approved", "config"],
      ["approved", "user"],
      ["rejected", "user"],
    ]);
    expect(c[1].command).toBe("aws iam delete-access-key --user-name ci-deployer --access-key-id [REDACTED:aws-access-key-id]");
    const api = parseFile(fx("cline/tasks/1762500000000/api_conversation_history.json"));
    expectAccounted(api);
    expect(api).toMatchObject({ format: "cline", sessions: [], read: 3 });
    expect(api.skipped[0].reason).toMatch(/ui_messages\.json holds the same commands/);
  });
});

describe("OpenCode storage (a directory, read as one bundle)", () => {
  const bundle = async (dir: string) => {
    const text = (await openCodeBundle(dir)).toString("utf8");
    return parseAgentLog(text, { fileName: dir });
  };

  it("our fixture: prompt, two bash calls in time order (one rejected by the user), the answer", async () => {
    const r = await bundle(fx("opencode/storage"));
    expectAccounted(r);
    expect(r).toMatchObject({ format: "opencode", read: 8, quarantine: [] });
    const [s] = r.sessions;
    expect(s).toMatchObject({
      externalId: "ses_7f3a9c2e1ffeAbCdEfGh",
      kind: "opencode",
      model: "claude-sonnet-4-5",
      cwd: "/home/dev/infra",
    });
    expect(s.actions.map((a) => [a.kind, a.exitCode, a.approval?.decision ?? null])).toEqual([
      ["prompt", null, null],
      ["tool_call", 0, null],
      ["tool_call", null, "rejected"],
      ["message", null, null],
    ]);
    expect(s.actions[1]).toMatchObject({ command: expect.stringMatching(/^aws sqs delete-queue/), risk: "destructive" });
  });

  it.each(["storage_v2", "storage_legacy"])("corpus %s: parts find their message by directory when they lack ids", async (dir) => {
    const r = await bundle(path.join(STAGE0, "opencode", dir));
    expectAccounted(r);
    expect(r.quarantine).toEqual([]);
    expect(calls(r).length).toBeGreaterThan(0);
  });
});

describe("Codex approvals that are true", () => {
  const r = parseFile(fx("rollout-2025-11-08T09-00-00-0199b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b.jsonl"));
  const c = calls(r);

  it("on-request: sandboxed calls by policy, escalations by the user only when output shows they ran, aborted ⇒ rejected", () => {
    expectAccounted(r);
    expect(c.map((a) => [a.command, a.approval?.decision ?? null, a.approval?.source ?? null])).toEqual([
      ["aws s3 ls", "approved", "policy"],
      ["aws s3 rb s3://acme-test-1 --force", "approved", "user"],
      ["aws s3 rb s3://acme-test-2 --force", "approved", "policy"],
      ["aws s3 rb s3://acme-test-2 --force", "approved", "user"],
      ["aws ec2 terminate-instances --instance-ids i-0abc123def4567890", "rejected", "user"],
    ]);
    expect(c[4].approval?.detail).toMatch(/turn aborted \(interrupted\)/);
  });

  it("two function calls sharing a call_id stay two actions, each with its own output", () => {
    const dup = c.filter((a) => a.toolCallId === "call_dup");
    expect(dup.map((a) => [a.key, a.exitCode])).toEqual([
      ["call_dup", 1],
      ["call_dup#2", 0],
    ]);
  });

  it("an escalation with no decision and no output stays unknown", () => {
    const lines = readFileSync(fx("rollout-2025-11-08T09-00-00-0199b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b.jsonl"), "utf8")
      .split("\n")
      .filter((l) => !l.includes("turn_aborted"));
    const u = parseAgentLog(lines.join("\n"), { fileName: "rollout-x.jsonl" });
    expect(calls(u).at(-1)?.approval).toBeNull();
  });
});
