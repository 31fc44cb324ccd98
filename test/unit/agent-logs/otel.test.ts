import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAgentLog, parseOtlpLogs, parseOtlpTraces } from "@/lib/agent-logs";
import { CORPUS, expectAccounted, FIXTURES, parseFile } from "./helpers";

const json = (f: string) => JSON.parse(readFileSync(f, "utf8"));

describe("OTLP/JSON GenAI traces", async () => {
  const r = await parseOtlpTraces(json(path.join(FIXTURES, "otel-genai-trace.json")));
  const [s] = r.sessions;

  it("one session per gen_ai.conversation.id; every span counted", () => {
    expect(r.format).toBe("otel-genai");
    expectAccounted(r);
    expect(r.read).toBe(4);
    expect(r.sessions).toHaveLength(1);
    expect(s).toMatchObject({ externalId: "conv-8841", kind: "otel", model: "gpt-4.1", metaRecords: 1 });
    expect(r.skipped.map((x) => x.reason)).toEqual(["chat span (LLM call, not an agent action)"]);
  });

  it("execute_tool spans become tool calls in time order, with status error → isError", () => {
    expect(s.actions.map((a) => a.toolCallId)).toEqual(["call_kdel", "call_pods"]);
    const del = s.actions[0];
    expect(del).toMatchObject({
      tool: "run_shell",
      command: "kubectl delete namespace payments --context prod",
      isError: true,
      risk: "destructive",
    });
    expect(del.at).toBe(1752829926000);
    expect(del.endedAt).toBe(1752829929500);
    expect(del.output).toContain("Forbidden");
    expect(s.actions[1]).toMatchObject({
      tool: "get_pods",
      input: { namespace: "prod" },
      output: "3 pods running",
      risk: "read",
      isError: false,
    });
  });

  it("the same file through parseAgentLog gives the same actions", async () => {
    const viaFile = await parseFile(path.join(FIXTURES, "otel-genai-trace.json"));
    expect(viaFile.format).toBe("otel-genai");
    expect(viaFile.sessions[0].actions.map((a) => a.key)).toEqual(s.actions.map((a) => a.key));
  });

  it("bad payloads are quarantined, not thrown", async () => {
    const bad = await parseOtlpTraces({ resourceSpans: "nope" });
    expect(bad.quarantine[0].reason).toBe("resourceSpans: expected array");
    expectAccounted(bad);
    const notObj = await parseOtlpTraces(42);
    expect(notObj.quarantine).toHaveLength(1);
    expectAccounted(notObj);
  });
});

describe("Claude Code OTLP logs", async () => {
  const r = await parseOtlpLogs(json(path.join(FIXTURES, "claude-code-otel-logs.json")));
  const [s] = r.sessions;

  it("reads prompt, rejected decision, accepted decision + result", () => {
    expectAccounted(r);
    expect(r.read).toBe(6);
    expect(s).toMatchObject({
      externalId: "3f2b9c1e-8d7a-4e6f-9b0c-1a2b3c4d5e6f",
      kind: "claude-code",
      agentVersion: "2.0.14",
      user: "dev@example.com",
      host: "dev-laptop",
      model: "claude-sonnet-4-5-20250929",
    });
    expect(s.actions.map((a) => a.kind)).toEqual(["prompt", "tool_call", "tool_call"]);
    expect(s.actions[0].text).toBe("remove the old build artifacts in prod s3");
    expect(s.actions[1]).toMatchObject({
      toolCallId: "toolu_rm",
      approval: { decision: "rejected", source: "user", detail: "user_reject", approver: "dev@example.com" },
    });
    const ls = s.actions[2];
    expect(ls).toMatchObject({
      toolCallId: "toolu_ls",
      command: "aws s3 ls s3://prod-artifacts/builds/ --profile prod",
      isError: false,
      risk: "read",
      recordCount: 2,
    });
    expect(ls.approval).toMatchObject({ decision: "approved", source: "user", detail: "user_temporary" });
    expect(ls.at).toBe(Date.parse("2025-08-01T10:00:12.000Z"));
    expect(ls.endedAt).toBe(Date.parse("2025-08-01T10:00:13.500Z"));
    expect(s.awsIdentity?.profile).toBe("prod");
  });

  it("a JSONL file of OTLP documents (collector file exporter) reads like the documents", async () => {
    const doc = json(path.join(FIXTURES, "claude-code-otel-logs.json"));
    const text = `${JSON.stringify(doc)}\n{not json}\n${JSON.stringify(doc)}\n`;
    const viaFile = await parseAgentLog(text, { fileName: "otel-export.jsonl" });
    expect(viaFile.format).toBe("claude-code-otel");
    expectAccounted(viaFile);
    expect(viaFile.read).toBe(13);
    expect(viaFile.quarantine.filter((q) => q.reason.startsWith("invalid JSON")).map((q) => q.position)).toEqual([{ index: 6, line: 2 }]);
    // items are read in time order; re-sent tool events merge into the same calls (same tool_use_id), the id-less prompt is kept twice
    expect(viaFile.sessions[0].actions.map((a) => a.kind)).toEqual(["prompt", "prompt", "tool_call", "tool_call"]);
  });

  it("a record with an unreadable time is quarantined naming the field", () => {
    expect(r.quarantine.map((q) => q.reason)).toEqual(["timeUnixNano: missing or not a timestamp"]);
  });
});

describe("Elastic-receiver shape of Claude Code OTel (read from ../shared, Elastic License)", () => {
  const dir = path.join(CORPUS, "claude-code-otel/elastic-integrations");

  it("tool_result event with decision_source config", async () => {
    const r = await parseFile(path.join(dir, "events/test-tool-result-bash.json"));
    expect(r.format).toBe("claude-code-otel");
    expectAccounted(r);
    const [a] = r.sessions[0].actions;
    expect(a).toMatchObject({
      tool: "Bash",
      command: "echo hello",
      toolCallId: "toolu_01ExampleToolUseId00000",
      isError: false,
      approval: { decision: "approved", source: "config", detail: "config" },
    });
    expect(a.endedAt! - a.at).toBe(214);
    expect(r.sessions[0]).toMatchObject({ externalId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", agentVersion: "2.1.175" });
  });

  it("MCP tool_result names the MCP server and tool", async () => {
    const r = await parseFile(path.join(dir, "events/test-tool-result-mcp.json"));
    expect(r.sessions[0].actions[0]).toMatchObject({
      tool: "mcp__codebase-memory-mcp__list_projects",
      risk: "read",
      approval: { source: "user", detail: "user_temporary" },
    });
  });

  it("claude_code.tool span and a failed tool.execution span", async () => {
    const tool = await parseFile(path.join(dir, "traces/test-tool-bash.json"));
    expect(tool.sessions[0].actions[0]).toMatchObject({
      kind: "tool_call",
      command: "ls -la /home/user/project",
      toolCallId: "toolu_01ExampleToolUseId0001",
      risk: "read",
    });
    const failed = await parseFile(path.join(dir, "traces/test-tool-execution-failed.json"));
    expectAccounted(failed);
    expect(failed.sessions[0].actions[0]).toMatchObject({ isError: true, output: "Error:ENOENT" });
  });
});
