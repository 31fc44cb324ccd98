import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectAgentLogFormat, parseAgentLog } from "@/lib/agent-logs";
import { CORPUS, expectAccounted, parseFile } from "./helpers";

describe("OpenHands", () => {
  it("trajectory: run action paired with its observation by cause; zone-less time read as UTC (noted)", async () => {
    const r = await parseFile(path.join(CORPUS, "openhands/OpenHands/tests/runtime/trajs/wrong_initial_state.json"));
    expect(r.format).toBe("openhands");
    expectAccounted(r);
    expect(r.notes).toContain("timestamps without a time zone were read as UTC");
    const mv = r.sessions[0].actions.find((a) => a.command === "mv /workspace/game_2048.py /workspace/2048.py")!;
    expect(mv).toMatchObject({ kind: "tool_call", tool: "execute_bash", exitCode: 0, isError: false, recordCount: 2, risk: "write" });
    expect(mv.at).toBe(Date.UTC(2025, 0, 27, 23, 16, 56, 951));
    expect(r.sessions[0].actions[0]).toMatchObject({ kind: "prompt", actor: "user", text: "Please rename game_2048.py to 2048.py" });
  });

  it("resolver output has no timestamps: quarantined without fileTime, read with it", async () => {
    const file = path.join(CORPUS, "openhands/OpenHands/tests/unit/resolver/mock_output/output.jsonl");
    const without = await parseFile(file);
    expectAccounted(without);
    expect(without.quarantine[0].reason).toMatch(/^timestamp: missing/);
    const withTime = await parseFile(file, { fileTime: Date.UTC(2024, 0, 1) });
    expectAccounted(withTime);
    const touch = withTime.sessions[0].actions.find((a) => a.command === "touch LICENSE")!;
    expect(touch).toMatchObject({ exitCode: 0, risk: "write", at: Date.UTC(2024, 0, 1) });
  });
});

describe("Kiro / Amazon Q CLI export", () => {
  it("sample export: prompt, tool use with its result, reply", async () => {
    const r = await parseFile(path.join(CORPUS, "kiro/claude-code-transcripts/tests/sample_kiro_export.json"));
    expect(r.format).toBe("kiro");
    expectAccounted(r);
    const [s] = r.sessions;
    expect(s.externalId).toBe("kiro-conv-123");
    const ls = s.actions.find((a) => a.toolCallId === "tool-use-1")!;
    expect(ls).toMatchObject({ tool: "fs_ls", output: "README.md\nsrc/\ntests/\n", risk: "read", isError: false });
  });

  it("use_aws becomes an aws command; execute_bash is parsed as shell", async () => {
    const doc = {
      conversation_id: "q-1",
      history: [
        {
          user: { content: { Prompt: { prompt: "delete the old table" } }, timestamp: "2026-01-09T12:00:00Z" },
          assistant: {
            ToolUse: {
              message_id: "m1",
              content: "Deleting.",
              tool_uses: [
                {
                  id: "t1",
                  name: "use_aws",
                  args: {
                    service_name: "dynamodb",
                    operation_name: "delete-table",
                    parameters: { "table-name": "orders" },
                    region: "us-east-1",
                    profile_name: "prod",
                    label: "Delete table",
                  },
                },
                { id: "t2", name: "execute_bash", args: { command: "aws s3 rb s3://old --force" } },
              ],
            },
          },
        },
        {
          user: {
            content: {
              ToolUseResults: [
                { tool_use_id: "t1", content: [{ Json: { TableDescription: { TableStatus: "DELETING" } } }], status: "Success" },
              ],
            },
            timestamp: "2026-01-09T12:00:05Z",
          },
          assistant: { Response: { message_id: "m2", content: "Done." } },
        },
      ],
    };
    const r = await parseAgentLog(JSON.stringify(doc), { fileName: "q.json" });
    expect(r.format).toBe("kiro");
    expectAccounted(r);
    const [s] = r.sessions;
    const t1 = s.actions.find((a) => a.toolCallId === "t1")!;
    expect(t1.risk).toBe("destructive");
    expect(t1.commands[0].aws).toMatchObject({
      service: "dynamodb",
      operation: "delete-table",
      profile: "prod",
      region: "us-east-1",
      args: { "table-name": "orders" },
    });
    expect(t1.output).toContain("DELETING");
    expect(s.actions.find((a) => a.toolCallId === "t2")).toMatchObject({ risk: "destructive", command: "aws s3 rb s3://old --force" });
    expect(s.awsIdentity?.profile).toBe("prod");
  });
});

describe("Cursor and Aider", () => {
  it("Cursor transcript (no timestamps) is read with fileTime", async () => {
    const file = path.join(CORPUS, "agent-sessions/AgentSessionsTests/Fixtures/Cursor/test-session.jsonl");
    const r = await parseFile(file, { fileTime: 1_750_000_000_000 });
    expect(r.format).toBe("cursor");
    expectAccounted(r);
    const cmds = r.sessions[0].actions.filter((a) => a.kind === "tool_call").map((a) => a.command);
    expect(cmds).toEqual(["ls -la /tmp", "git status"]);
    const without = await parseFile(file);
    expect(without.quarantine.length).toBe(without.read);
  });

  it("Aider history: sessions per header, prompts, local time read as UTC", async () => {
    const r = await parseFile(path.join(CORPUS, "aider/zen-mcp-server/.aider.chat.history.md"));
    expect(r.format).toBe("aider");
    expectAccounted(r);
    expect(r.sessions[0]).toMatchObject({ kind: "aider", startedAt: Date.UTC(2025, 9, 20, 21, 49, 17) });
    expect(r.sessions.find((s) => s.agentVersion === "v0.86.1")?.model).toBe("gemini/gemini-2.5-pro-preview-06-05");
    expect(r.sessions.flatMap((s) => s.actions).some((a) => a.kind === "prompt" && a.text?.startsWith("/add"))).toBe(true);
  });

  it("Aider `> Running` lines are shell tool calls", async () => {
    const md =
      "# aider chat started at 2025-03-01 10:00:00\n\n#### clean up the bucket\n\nI'll remove it.\n\n> Run shell command? (Y)es/(N)o [Yes]: y  \n> Running aws s3 rb s3://tmp-bucket --force  \n";
    const r = await parseAgentLog(md, { fileName: ".aider.chat.history.md" });
    expectAccounted(r);
    const run = r.sessions[0].actions.find((a) => a.kind === "tool_call")!;
    expect(run).toMatchObject({ command: "aws s3 rb s3://tmp-bucket --force", risk: "destructive" });
  });
});

describe("detectAgentLogFormat", () => {
  it.each([
    ['{"type":"session_meta","payload":{"id":"x"}}\n', "rollout-x.jsonl", "codex"],
    [
      '{"type":"summary","summary":"s","leafUuid":"u"}\n{"type":"user","sessionId":"s","uuid":"u","message":{"role":"user","content":"hi"}}\n',
      "abc.jsonl",
      "claude-code",
    ],
    ['{"resourceSpans":[]}', "t.json", "otel-genai"],
    ['{\n  "resourceLogs": []\n}', "l.json", "claude-code-otel"],
    ['{"role":"user","message":{"content":[{"type":"text","text":"hi"}]}}\n', "c.jsonl", "cursor"],
    ["# aider chat started at 2025-01-01 00:00:00\n", "x.md", "aider"],
    ['{"type":"session.start","data":{"sessionId":"c"}}\n', "events.jsonl", null],
    ["hello world", "notes.txt", null],
  ])("%j → %s", (head, name, expected) => {
    expect(detectAgentLogFormat(head, name)).toBe(expected);
  });

  it("an unknown format is quarantined as one item", async () => {
    const r = await parseAgentLog("2025-01-01 [info] hello\n", { fileName: "mcp.log" });
    expect(r).toMatchObject({ format: null, read: 1, sessions: [], skipped: [] });
    expect(r.quarantine[0].reason).toMatch(
      /^unrecognised agent log format: It is not JSON\. Agent-log formats tried, each needs: claude-code \(/,
    );
  });
});
