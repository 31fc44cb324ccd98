import { toIso } from "@/lib/ids";
import { DEMO_REGION, ENGINEER } from "./actors";
import { AGENT_STEPS, AGENT_TEXTS, SESSION } from "./agent-steps";

/**
 * The demo agent's log in the canonical Aftermath JSONL format (lib/agent-logs/canonical-schema.ts): a spec-driven
 * agent (kind `kiro`, mode `autopilot`) — prompt → spec/plan → tool calls with results. No approval records: none
 * were configured. The AWS identity is what its log shows: the profile in session_start/env and the
 * `sts get-caller-identity` output.
 */

const PROFILE = "cn-prod-admin";

export function demoAgentLog(): string {
  const records: { at: number; order: number; rec: Record<string, unknown> }[] = [];
  const base = { sessionId: SESSION.id };
  let order = 0;
  const push = (at: number, rec: Record<string, unknown>) => records.push({ at, order: order++, rec: { type: rec.type, ...base, ...rec } });

  push(SESSION.startedAt, {
    type: "session_start",
    agent: "kiro",
    agentVersion: "0.6.18",
    mode: "autopilot",
    user: ENGINEER.split("@")[0],
    host: "chenwei-mbp.local",
    cwd: "/Users/chen.wei/src/cost-insights",
    model: "claude-sonnet-4-5",
    startedAt: toIso(SESSION.startedAt),
    awsIdentity: { profile: PROFILE, region: DEMO_REGION },
  });
  for (const t of AGENT_TEXTS) push(t.at, { type: t.type, at: toIso(t.at), text: t.text });
  for (const s of AGENT_STEPS) {
    push(s.at, {
      type: "tool_call",
      toolCallId: s.toolCallId,
      at: toIso(s.at),
      tool: s.tool,
      ...(s.command ? { command: s.command } : {}),
      ...(s.input ? { input: s.input } : {}),
      cwd: "/Users/chen.wei/src/cost-insights",
      ...(s.command ? { env: { AWS_PROFILE: PROFILE, AWS_REGION: DEMO_REGION } } : {}),
    });
    push(s.endAt, {
      type: "tool_result",
      toolCallId: s.toolCallId,
      at: toIso(s.endAt),
      exitCode: s.exitCode,
      ...(s.exitCode && s.exitCode !== 0 ? { error: s.output } : { output: s.output }),
    });
  }
  push(SESSION.endedAt, { type: "session_end", at: toIso(SESSION.endedAt) });
  // Order by time; at equal times keep the writing order (tool_call before its tool_result).
  records.sort((a, b) => a.at - b.at || a.order - b.order);
  return `${records.map((r) => JSON.stringify(r.rec)).join("\n")}\n`;
}
