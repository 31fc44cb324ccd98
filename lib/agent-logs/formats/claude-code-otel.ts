import type { Approval } from "@/lib/model/agent";
import type { LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { isObject, num, str, tryJson } from "../jsonl";
import type { OtelItem } from "../otlp";

/**
 * Claude Code OpenTelemetry log events (`claude_code.user_prompt`, `claude_code.tool_decision`,
 * `claude_code.tool_result`, `claude_code.api_request`, `claude_code.api_error`), from OTLP/JSON or the Elastic
 * receiver shape. Session = `session.id`. tool_decision source: config → "config", user_* → "user".
 */
export function claudeOtelSession(b: LogBuilder, it: OtelItem): SessionDraft {
  const id = str(it.attrs["session.id"]) ?? str(it.resource["session.id"]) ?? it.traceId ?? b.fileName;
  const s = b.session(id, "claude-code");
  s.agentVersion ??= str(it.resource["service.version"]);
  s.user ??= str(it.attrs["user.email"]) ?? str(it.attrs["user.account_uuid"]);
  s.host ??= str(it.resource["host.name"]);
  return s;
}

export function approvalFrom(decision: unknown, source: unknown, at: number | null, approver: string | null): Approval | null {
  const d = str(decision)?.toLowerCase();
  if (!d) return null;
  const src = str(source);
  const approved = d === "accept" || d === "approved" || d === "allow" || d === "yes";
  const fromUser = !!src && src.startsWith("user");
  return {
    decision: approved ? "approved" : "rejected",
    approver: fromUser ? approver : null,
    source: src === "config" ? "config" : fromUser ? "user" : src === "hook" ? "policy" : "unknown",
    detail: src,
    at,
  };
}

function toolIdentity(attrs: Record<string, unknown>): {
  tool: string;
  params: Record<string, unknown>;
  input: unknown;
  command: string | null;
} {
  const params = (tryJson(attrs.tool_parameters) ?? (isObject(attrs.tool_parameters) ? attrs.tool_parameters : {})) as Record<
    string,
    unknown
  >;
  const input = tryJson(attrs.tool_input) ?? attrs.tool_input ?? null;
  const mcpServer = str(params.mcp_server_name);
  const mcpTool = str(params.mcp_tool_name);
  const tool = mcpServer && mcpTool ? `mcp__${mcpServer}__${mcpTool}` : (str(attrs.tool_name) ?? "unknown");
  const command =
    str(params.full_command) ?? str(params.bash_command) ?? (isObject(input) ? str(input.command) : null) ?? str(attrs.full_command);
  return { tool, params, input: input ?? params, command };
}

export function readClaudeOtelEvent(it: OtelItem, rec: RecordCtx, b: LogBuilder): void {
  const name = it.name.replace(/^claude_code\./, "");
  const s = claudeOtelSession(b, it);
  const a = it.attrs;
  const at = b.time(it.time);
  const needTime = () => {
    if (at !== null) return true;
    rec.quarantine("timeUnixNano: missing or not a timestamp");
    return false;
  };
  const toolUseId = str(a.tool_use_id);
  switch (name) {
    case "user_prompt": {
      if (!needTime()) return;
      const text = str(a.prompt) ?? `[prompt not logged: ${num(a.prompt_length) ?? "?"} chars]`;
      rec.action(s, { key: `prompt:${str(a["prompt.id"]) ?? it.index}`, kind: "prompt", at: at!, actor: "user", text });
      return;
    }
    case "tool_decision": {
      if (!needTime()) return;
      const approval = approvalFrom(a.decision ?? a.decision_type, a.source ?? a.decision_source, at, s.user);
      const tool = str(a.tool_name) ?? "unknown";
      const call =
        b.findCall(s, toolUseId) ??
        rec.action(s, { key: toolUseId ?? `decision:${it.index}`, kind: "tool_call", at: at!, toolCallId: toolUseId, tool });
      rec.merge(call, { approval, hasResult: approval?.decision === "rejected" ? true : call.hasResult });
      return;
    }
    case "tool_result": {
      const { tool, input, command } = toolIdentity(a);
      const duration = num(a.duration_ms);
      let call = b.findCall(s, toolUseId) ?? (toolUseId ? undefined : b.lastOpenCall(s, str(a.tool_name)));
      if (!call) {
        if (!needTime()) return;
        call = rec.action(s, {
          key: toolUseId ?? `tool:${it.index}`,
          kind: "tool_call",
          at: duration !== null ? at! - duration : at!,
          toolCallId: toolUseId,
          tool,
        });
      }
      const success = a.success === undefined ? !str(a.error) : a.success === true || a.success === "true";
      const approval = call.approval ?? approvalFrom(a.decision ?? a.decision_type, a.decision_source ?? a.source, at, s.user);
      rec.merge(call, {
        tool,
        input,
        command,
        endedAt: at,
        isError: !success,
        approval,
        hasResult: true,
        output: str(a.error) ?? call.output,
        text: isObject(input) ? (str(input.description) ?? call.text) : call.text,
      });
      return;
    }
    case "api_request":
      s.model = str(a.model) ?? s.model;
      return rec.meta(s);
    case "api_error":
      if (!needTime()) return;
      rec.action(s, { key: `api_error:${it.index}`, kind: "error", at: at!, actor: "system", text: str(a.error) ?? "API error" });
      return;
    default:
      rec.skip(`claude_code.${name || "?"} event`);
  }
}
