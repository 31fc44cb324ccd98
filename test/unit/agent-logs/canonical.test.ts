import path from "node:path";
import { describe, expect, it } from "vitest";
import { CANONICAL_EXAMPLE, CanonicalRecord, parseAgentLog } from "@/lib/agent-logs";
import { expectAccounted, FIXTURES, parseFile } from "./helpers";

describe("canonical Aftermath JSONL", async () => {
  const r = await parseFile(path.join(FIXTURES, "canonical.jsonl"));
  const [s] = r.sessions;

  it("the README example validates against the schema", () => {
    for (const line of CANONICAL_EXAMPLE.split("\n")) expect(CanonicalRecord.safeParse(JSON.parse(line)).success).toBe(true);
  });

  it("detects the format and accounts for every line", () => {
    expect(r.format).toBe("canonical");
    expect(r.read).toBe(15);
    expectAccounted(r);
  });

  it("session kind is the agent name; stated identity is kept with evidence", () => {
    expect(s).toMatchObject({
      externalId: "s-42",
      kind: "in-house-bot",
      agentVersion: "1.4.0",
      mode: "autopilot",
      user: "deploy-bot",
      host: "ci-runner-7",
      startedAt: Date.parse("2025-07-18T09:12:00Z"),
      endedAt: Date.parse("2025-07-18T09:15:00Z"),
      metaRecords: 2,
    });
    expect(s.awsIdentity).toMatchObject({ profile: "prod-admin", region: "us-east-1" });
    expect(s.awsIdentity!.evidence.length).toBeGreaterThan(0);
  });

  it("merges tool_call, approval and tool_result by toolCallId", () => {
    expect(s.actions.map((a) => a.kind)).toEqual(["prompt", "plan", "tool_call", "tool_call", "tool_call"]);
    const t1 = s.actions[2];
    expect(t1).toMatchObject({
      toolCallId: "t1",
      recordCount: 3,
      exitCode: 0,
      isError: false,
      risk: "destructive",
      approval: { decision: "approved", approver: "autopilot-policy", source: "policy" },
    });
    expect(t1.commands[0].aws?.profile).toBe("prod-admin");
    const t2 = s.actions[3];
    expect(t2.approval).toMatchObject({ decision: "rejected", approver: "alice@example.com", source: "user" });
    expect(t2.commands[0].terraform).toMatchObject({ subcommand: "destroy", workspace: "prod", autoApprove: true });
    expect(JSON.stringify(t2)).not.toContain("wJalrXUtnFEMI");
    expect(s.actions[4]).toMatchObject({ tool: "use_db", exitCode: 1, isError: true, output: "permission denied", risk: "write" });
  });

  it("quarantines bad lines with the field in the reason", () => {
    expect(r.quarantine.map((q) => q.reason)).toEqual([
      "tool_call.at: not a timestamp (ISO-8601 with zone, or epoch ms)",
      'type: unknown canonical record type "telemetry"',
      expect.stringMatching(/^prompt\.text: /),
      expect.stringMatching(/^invalid JSON/),
    ]);
  });

  it("a format override wins over detection", async () => {
    const forced = await parseAgentLog(CANONICAL_EXAMPLE, { fileName: "x.jsonl", format: "codex" });
    expect(forced.format).toBe("codex");
    expectAccounted(forced);
  });
});
