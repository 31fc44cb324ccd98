import type { DraftAction, LogBuilder, RecordCtx } from "../builder";
import { isObject, num, str, tryJson } from "../jsonl";
import type { OtelItem } from "../otlp";
import { quoteArgv } from "../quote";
import { SHELL_TOOLS } from "../tool-risk";
import { approvalFrom, claudeOtelSession } from "./claude-code-otel";

/**
 * OTLP spans: OpenTelemetry GenAI semantic conventions (`execute_tool` spans → tool calls, `invoke_agent` /
 * `create_agent` → session metadata) and Claude Code's own `claude_code.*` spans (tool, tool.execution,
 * tool.blocked_on_user, interaction). Session = `gen_ai.conversation.id` or `session.id`, else the trace id.
 */
export function readOtelSpan(it: OtelItem, rec: RecordCtx, b: LogBuilder, spans: Map<string, DraftAction>): void {
  if (it.name.startsWith("claude_code.")) return readClaudeSpan(it, rec, b, spans);
  const a = it.attrs;
  const op = str(a["gen_ai.operation.name"]) ?? it.name.split(" ")[0];
  const sessionId = str(a["gen_ai.conversation.id"]) ?? str(a["session.id"]) ?? str(it.resource["session.id"]) ?? it.traceId ?? b.fileName;
  const s = b.session(sessionId, "otel");
  s.agentVersion ??= str(a["gen_ai.agent.version"]) ?? null;
  const at = b.time(it.time);
  const end = b.time(it.endTime);
  if (op === "execute_tool") {
    if (at === null) return rec.quarantine("startTimeUnixNano: missing or not a timestamp");
    const tool = str(a["gen_ai.tool.name"]) ?? it.name.replace(/^execute_tool\s*/, "") ?? "unknown";
    const args =
      typeof a["gen_ai.tool.call.arguments"] === "string"
        ? (tryJson(a["gen_ai.tool.call.arguments"]) ?? a["gen_ai.tool.call.arguments"])
        : (a["gen_ai.tool.call.arguments"] ?? null);
    const result = a["gen_ai.tool.call.result"];
    const id = str(a["gen_ai.tool.call.id"]) ?? it.spanId;
    const rawCmd = isObject(args) ? (args.command ?? args.cmd) : null;
    const command =
      SHELL_TOOLS.test(tool) || /bash|shell|exec|command|terminal/i.test(tool)
        ? typeof rawCmd === "string"
          ? rawCmd
          : Array.isArray(rawCmd)
            ? quoteArgv(rawCmd.map(String))
            : null
        : null;
    const action = rec.action(s, {
      key: id ?? `span:${it.index}`,
      kind: "tool_call",
      at,
      endedAt: end,
      toolCallId: id,
      tool,
      input: args,
      command,
      output: result === undefined || result === null ? null : typeof result === "string" ? result : JSON.stringify(result),
      isError: it.statusError || !!str(a["error.type"]),
      exitCode: num(a["process.exit.code"]) ?? num(a.exit_code),
      subagent: str(a["gen_ai.agent.name"]),
      hasResult: true,
    });
    if (it.spanId) spans.set(it.spanId, action);
    return;
  }
  if (op === "invoke_agent" || op === "create_agent") {
    s.model ??= str(a["gen_ai.request.model"]) ?? str(a["gen_ai.response.model"]);
    if (s.startedAt === null || (at !== null && at < s.startedAt)) s.startedAt = at;
    return rec.meta(s);
  }
  if (["chat", "text_completion", "generate_content", "embeddings"].includes(op)) {
    s.model ??= str(a["gen_ai.request.model"]) ?? str(a["gen_ai.response.model"]);
    return rec.skip(`${op} span (LLM call, not an agent action)`);
  }
  rec.skip(`span ${JSON.stringify(it.name)} (not an agent action)`);
}

function readClaudeSpan(it: OtelItem, rec: RecordCtx, b: LogBuilder, spans: Map<string, DraftAction>): void {
  const s = claudeOtelSession(b, it);
  const a = it.attrs;
  const at = b.time(it.time);
  const end = b.time(it.endTime) ?? (at !== null && it.durationNs !== null ? at + Math.round(it.durationNs / 1e6) : null);
  const id = str(a.tool_use_id) ?? str(a["gen_ai.tool.call.id"]);
  const parent = (it.parentSpanId ? spans.get(it.parentSpanId) : undefined) ?? b.findCall(s, id);
  switch (it.name) {
    case "claude_code.tool": {
      if (at === null) return rec.quarantine("startTimeUnixNano: missing or not a timestamp");
      const command = str(a.full_command) ?? str(a.bash_command);
      const existing = b.findCall(s, id);
      const fields = { tool: str(a.tool_name) ?? "unknown", command: command ?? existing?.command ?? null, endedAt: end, at };
      const action = existing
        ? rec.merge(existing, fields)
        : rec.action(s, { key: id ?? `span:${it.index}`, kind: "tool_call", toolCallId: id, ...fields });
      if (it.statusError) action.isError = true;
      if (it.spanId) spans.set(it.spanId, action);
      return;
    }
    case "claude_code.tool.execution":
    case "claude_code.tool.blocked_on_user": {
      const failed = a.success === false || a.success === "false" || it.statusError;
      if (!parent) {
        if (at === null) return rec.quarantine("startTimeUnixNano: missing or not a timestamp");
        if (!id) return rec.skip(`${it.name} span without its tool span`);
        rec.action(s, {
          key: id,
          kind: "tool_call",
          at,
          endedAt: end,
          toolCallId: id,
          tool: str(a.tool_name) ?? "unknown",
          isError: failed,
          output: failed ? (str(a.error) ?? it.statusMessage) : null,
          hasResult: it.name.endsWith("execution"),
        });
        return;
      }
      const approval = it.name.endsWith("blocked_on_user")
        ? (approvalFrom(a.decision, a.source ?? a.decision_source, end ?? at, s.user) ?? parent.approval)
        : parent.approval;
      rec.merge(parent, {
        isError: parent.isError || failed,
        output: failed ? (str(a.error) ?? it.statusMessage ?? parent.output) : parent.output,
        endedAt: parent.endedAt ?? end,
        approval,
        hasResult: it.name.endsWith("execution") || parent.hasResult,
      });
      return;
    }
    case "claude_code.interaction": {
      const prompt = str(a.user_prompt);
      if (prompt && at !== null)
        rec.action(s, { key: `interaction:${it.spanId ?? it.index}`, kind: "prompt", at, actor: "user", text: prompt });
      else rec.meta(s);
      return;
    }
    default:
      rec.skip(`${it.name} span (not an agent action)`);
  }
}

/** OTLP items arrive unordered across batches: order each session's actions by time. */
export function sortSessionsByTime(b: LogBuilder): void {
  for (const s of b.sessions.values()) s.actions.sort((x, y) => x.at - y.at);
}
