import type { RecordCtx } from "../builder";
import { isObject, num, str } from "../jsonl";
import { commandFromArgv } from "../quote";
import { approvalRequested, type CodexState, codexCall, codexText } from "./codex";
import { textOf } from "./codex-items";

const durationMs = (d: unknown): number | null =>
  isObject(d) ? (num(d.secs) ?? 0) * 1000 + Math.round((num(d.nanos) ?? 0) / 1e6) : num(d);
const argvCommand = (c: unknown): string | null =>
  Array.isArray(c) && c.every((x) => typeof x === "string") ? commandFromArgv(c as string[]) : typeof c === "string" ? c : null;

export function readCodexEvent(st: CodexState, rec: RecordCtx, p: Record<string, unknown>, at: number | null, index: number): void {
  const type = String(p.type ?? "");
  const callId = str(p.call_id);
  switch (type) {
    case "user_message":
      if (!str(p.message)) return rec.skip("empty codex user_message");
      return codexText(st, rec, "prompt", String(p.message), at, "event", `user_message:${index}`);
    case "agent_message":
      if (!str(p.message)) return rec.skip("empty codex agent_message");
      return codexText(st, rec, "message", String(p.message), at, "event", `agent_message:${index}`);
    case "exec_command_begin":
      codexCall(st, rec, callId, at, { tool: "shell", command: argvCommand(p.command), cwd: str(p.cwd) }, `exec:${index}`);
      return;
    case "exec_approval_request":
    case "apply_patch_approval_request": {
      const call = codexCall(
        st,
        rec,
        callId,
        at,
        {
          tool: type === "exec_approval_request" ? "shell" : "apply_patch",
          command: argvCommand(p.command),
          cwd: str(p.cwd),
          text: str(p.reason),
        },
        `approval:${index}`,
      );
      if (call) approvalRequested(st, call);
      return;
    }
    case "turn_aborted": {
      const reason = str(p.reason) ?? "aborted";
      if (at === null) {
        rec.quarantine("timestamp: missing or not a timestamp");
        return;
      }
      for (const a of st.approvalRequested) {
        if (a.hasResult || a.approval?.decision === "rejected") continue;
        a.approval = {
          decision: "rejected",
          approver: null,
          source: "user",
          detail: `turn aborted (${reason}) while the approval request was pending`,
          at,
        };
        a.endedAt ??= at;
      }
      rec.action(st.session(), {
        key: `turn_aborted:${index}`,
        kind: "system",
        at,
        actor: reason === "user_cancelled" || reason === "interrupted" ? "user" : "system",
        text: `turn aborted: ${reason}`,
      });
      return;
    }
    case "exec_command_end": {
      const existed = !!st.b.findCall(st.session(), callId);
      const call = codexCall(st, rec, callId, at, { tool: "shell", command: argvCommand(p.command), cwd: str(p.cwd) }, `exec:${index}`);
      if (!call) return;
      const exitCode = num(p.exit_code);
      const output = str(p.aggregated_output) ?? ([str(p.stdout), str(p.stderr)].filter(Boolean).join("\n") || str(p.formatted_output));
      const dur = durationMs(p.duration);
      rec.merge(call, {
        exitCode,
        output: output ?? call.output,
        isError: exitCode !== null && exitCode !== 0,
        hasResult: true,
        endedAt: at,
        at: !existed && dur !== null && at !== null ? at - dur : call.at,
      });
      return;
    }
    case "patch_apply_begin":
    case "patch_apply_end": {
      const call = codexCall(
        st,
        rec,
        callId,
        at,
        { tool: "apply_patch", input: isObject(p.changes) ? { changes: Object.keys(p.changes) } : null },
        `patch:${index}`,
      );
      if (!call) return;
      if (type === "patch_apply_begin" && p.auto_approved === true)
        call.approval = { decision: "approved", approver: null, source: "policy", detail: "patch auto_approved", at };
      if (type === "patch_apply_end")
        rec.merge(call, {
          isError: p.success === false,
          output: [str(p.stdout), str(p.stderr)].filter(Boolean).join("\n") || null,
          endedAt: at,
          hasResult: true,
        });
      return;
    }
    case "mcp_tool_call_begin":
    case "mcp_tool_call_end": {
      const inv = isObject(p.invocation) ? p.invocation : {};
      const tool = `mcp__${str(inv.server) ?? "?"}__${str(inv.tool) ?? "?"}`;
      const call = codexCall(st, rec, callId, at, { tool, input: inv.arguments ?? null }, `mcp:${index}`);
      if (!call || type === "mcp_tool_call_begin") return;
      const r = isObject(p.result) ? p.result : {};
      const ok = isObject(r.Ok) ? r.Ok : null;
      rec.merge(call, {
        isError: !ok || ok.isError === true,
        output: ok ? textOf(ok.content) : JSON.stringify(r.Err ?? r),
        endedAt: at,
        hasResult: true,
      });
      return;
    }
    case "web_search_begin":
    case "web_search_end":
      codexCall(
        st,
        rec,
        callId,
        at,
        { tool: "web_search", input: { query: p.query ?? null }, hasResult: type === "web_search_end" },
        `web:${index}`,
      );
      return;
    case "dynamic_tool_call_request":
    case "dynamic_tool_call_response":
      codexCall(
        st,
        rec,
        callId ?? str(p.id),
        at,
        { tool: str(p.tool) ?? str(p.name) ?? "dynamic_tool", input: p.arguments ?? null },
        `dyn:${index}`,
      );
      return;
    case "item_completed":
      return readItemCompleted(st, rec, isObject(p.item) ? p.item : {}, at, index);
    case "error":
    case "stream_error": {
      const msg = str(p.message) ?? (isObject(p.error) ? str(p.error.message) : null) ?? "error";
      if (at === null) return rec.quarantine("timestamp: missing or not a timestamp");
      rec.action(st.session(), { key: `error:${index}`, kind: "error", at, actor: "system", text: msg });
      return;
    }
    default:
      rec.skip(`codex event_msg/${type || "?"}`);
  }
}

/** Newer rollouts: `item_completed` with CommandExecution / McpToolCall / FileChange / UserMessage / AgentMessage. */
function readItemCompleted(st: CodexState, rec: RecordCtx, item: Record<string, unknown>, at: number | null, index: number): void {
  const id = str(item.id);
  switch (item.type) {
    case "CommandExecution": {
      const call = codexCall(st, rec, id, at, { tool: "shell", command: argvCommand(item.command), cwd: str(item.cwd) }, `item:${index}`);
      const exitCode = num(item.exit_code);
      if (call)
        rec.merge(call, {
          exitCode,
          output: str(item.aggregated_output) ?? call.output,
          isError: exitCode !== null && exitCode !== 0,
          hasResult: true,
          endedAt: at,
        });
      return;
    }
    case "McpToolCall": {
      const call = codexCall(
        st,
        rec,
        id,
        at,
        { tool: `mcp__${str(item.server) ?? "?"}__${str(item.tool) ?? "?"}`, input: item.arguments ?? null },
        `item:${index}`,
      );
      const r = isObject(item.result) ? item.result : {};
      if (call) rec.merge(call, { output: textOf(r.content), isError: r.isError === true, hasResult: true, endedAt: at });
      return;
    }
    case "FileChange":
      codexCall(
        st,
        rec,
        id,
        at,
        { tool: "apply_patch", input: isObject(item.changes) ? { changes: Object.keys(item.changes) } : null, hasResult: true },
        `item:${index}`,
      );
      return;
    case "UserMessage":
    case "AgentMessage": {
      const text = textOf(item.content);
      if (!text.trim()) return rec.skip(`empty codex ${item.type}`);
      return codexText(st, rec, item.type === "UserMessage" ? "prompt" : "message", text, at, "item_completed", id ?? `item:${index}`);
    }
    default:
      rec.skip(`codex item_completed/${String(item.type ?? "?")}`);
  }
}
