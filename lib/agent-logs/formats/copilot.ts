import type { Approval } from "@/lib/model/agent";
import type { DraftAction, LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { baseName, isObject, readJsonLines, str, tryJson } from "../jsonl";
import { SHELL_TOOLS } from "../tool-risk";

/**
 * GitHub Copilot CLI session events (`~/.copilot/session-state/<session>/events.jsonl`; event types as in
 * github/copilot-sdk `session-events.schema.json`): one `{type, data, id, timestamp, parentId}` per line.
 * Tool calls: `assistant.message` data.toolRequests[] (toolCallId, name, arguments JSON), then
 * `tool.execution_start` / `tool.execution_complete` (success, result.content) by toolCallId; `tool.user_requested`
 * is a tool the user ran. Permission events (`permission.requested` / `permission.completed`) give the decision where
 * the log has them; without them the approval stays unknown (Copilot CLI asks, or `--allow-tool` / `--allow-all-tools`
 * allowed it: the events file does not say which).
 */
const META = new Set([
  "session.resume",
  "session.model_change",
  "session.mode_changed",
  "session.plan_changed",
  "session.info",
  "session.warning",
  "session.truncation",
  "session.usage_checkpoint",
  "session.usage_info",
  "session.auto_mode_resolved",
  "session.title_changed",
  "session.idle",
  "session.handoff",
  "session.compaction_start",
  "session.compaction_complete",
  "session.workspace_file_changed",
  "session.snapshot_rewind",
  "assistant.turn_start",
  "assistant.turn_end",
  "assistant.usage",
  "assistant.intent",
]);

export function readCopilot(text: string, b: LogBuilder): void {
  const dirId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[\\/]events\.jsonl$/i.exec(b.fileName)?.[1];
  let s: SessionDraft | null = null;
  const cur = () => (s ??= b.session(dirId ?? baseName(b.fileName, /\.jsonl$/), "copilot"));
  const permissions = new Map<string, DraftAction | string>();
  for (const l of readJsonLines(text)) {
    const rec = b.record({ index: l.index, line: l.line }, l.ok ? l.value : l.text, l.text);
    const v = l.value;
    if (!l.ok) rec.quarantine(`invalid JSON: ${l.error}`);
    else if (!isObject(v)) rec.quarantine("record is not a JSON object");
    else if (typeof v.type !== "string") rec.quarantine("type: missing");
    else if (!isObject(v.data)) rec.quarantine("data: expected object");
    else {
      const d = v.data;
      const at = b.time(v.timestamp);
      const key = str(v.id) ?? `event:${l.index}`;
      if (v.type === "session.start") {
        s = b.session(str(d.sessionId) ?? dirId ?? baseName(b.fileName, /\.jsonl$/), "copilot");
        s.agentVersion = str(d.copilotVersion) ?? s.agentVersion;
        s.startedAt ??= b.time(d.startTime) ?? at;
        s.model = str(d.selectedModel) ?? s.model;
        if (isObject(d.context)) s.cwd ??= str(d.context.cwd);
        rec.meta(s);
      } else if (v.type === "session.shutdown") {
        cur().endedAt = at;
        rec.meta(cur());
      } else if (META.has(v.type)) {
        if (v.type === "session.model_change") cur().model = str(d.newModel) ?? cur().model;
        rec.meta(cur());
      } else if (at === null) rec.quarantine("timestamp: missing or not a timestamp");
      else readEvent(b, rec, cur(), v.type, d, at, key, permissions);
    }
    rec.done();
  }
}

function argsOf(v: unknown): Record<string, unknown> | null {
  const a = typeof v === "string" ? tryJson(v) : v;
  return isObject(a) ? a : null;
}

function call(
  b: LogBuilder,
  rec: RecordCtx,
  s: SessionDraft,
  id: string | null,
  name: string | null,
  args: unknown,
  at: number,
  key: string,
  actor = "agent",
): DraftAction {
  const existing = b.findCall(s, id);
  const input = argsOf(args);
  const command = input && name && SHELL_TOOLS.test(name) ? str(input.command) : null;
  if (existing)
    return rec.merge(existing, { tool: existing.tool ?? name, input: existing.input ?? input, command: existing.command ?? command });
  return rec.action(s, {
    key: id ?? key,
    kind: "tool_call",
    at,
    actor,
    toolCallId: id,
    tool: name ?? "unknown",
    input,
    command,
    cwd: input ? (str(input.cwd) ?? s.cwd) : s.cwd,
    text: input ? str(input.description) : null,
  });
}

function readEvent(
  b: LogBuilder,
  rec: RecordCtx,
  s: SessionDraft,
  type: string,
  d: Record<string, unknown>,
  at: number,
  key: string,
  permissions: Map<string, DraftAction | string>,
): void {
  switch (type) {
    case "user.message": {
      const t = str(d.content);
      if (!t) {
        rec.skip("empty user message");
        return;
      }
      rec.action(s, { key, kind: "prompt", at, actor: "user", text: t });
      return;
    }
    case "assistant.message": {
      const t = str(d.content);
      if (t) rec.action(s, { key, kind: "message", at, actor: str(d.parentToolCallId) ? "subagent" : "agent", text: t });
      const reqs = Array.isArray(d.toolRequests) ? d.toolRequests.filter(isObject) : [];
      reqs.forEach((r, i) => {
        const a = call(b, rec, s, str(r.toolCallId), str(r.name), r.arguments, at, `${key}:${i}`);
        a.text ??= str(r.intentionSummary);
      });
      if (!rec.isClaimed) rec.skip("assistant message without text or tool requests");
      return;
    }
    case "tool.execution_start":
    case "tool.user_requested":
      call(b, rec, s, str(d.toolCallId), str(d.toolName), d.arguments, at, key, type === "tool.user_requested" ? "user" : "agent");
      return;
    case "tool.execution_complete": {
      const a = call(b, rec, s, str(d.toolCallId), null, null, at, key);
      const result = isObject(d.result) ? d.result : null;
      const err = isObject(d.error) ? str(d.error.message) : str(d.error);
      const output = [result ? (str(result.content) ?? str(result.detailedContent)) : null, err].filter(Boolean).join("\n") || null;
      const exit = output ? /exit(?:ed with)? code:? (-?\d+)/i.exec(output) : null;
      const exitCode = exit ? Number(exit[1]) : a.command && d.success === true ? 0 : null;
      rec.merge(a, { endedAt: at, output, exitCode, isError: d.success === false, hasResult: true });
      return;
    }
    case "permission.requested": {
      const req = isObject(d.permissionRequest) ? d.permissionRequest : d;
      const a = b.findCall(s, str(req.toolCallId) ?? str(d.toolCallId));
      if (a) {
        rec.merge(a);
        const rid = str(d.requestId);
        if (rid) permissions.set(rid, a);
      } else rec.skip("copilot permission request for an unknown tool call");
      return;
    }
    case "permission.completed": {
      const rid = str(d.requestId);
      const target = rid ? permissions.get(rid) : undefined;
      const a = typeof target === "object" ? target : b.findCall(s, str(d.toolCallId));
      const kind = isObject(d.result) ? str(d.result.kind) : str(d.result);
      if (!a || !kind) {
        rec.skip("copilot permission decision without its tool call or result");
        return;
      }
      rec.merge(a, { approval: permissionApproval(kind, at) });
      return;
    }
    case "session.error":
      rec.action(s, { key, kind: "error", at, actor: "system", text: str(d.message) ?? str(d.errorType) ?? "error" });
      return;
    case "abort":
      rec.action(s, { key, kind: "system", at, actor: "user", text: `aborted: ${str(d.reason) ?? "?"}` });
      return;
    default:
      rec.skip(`copilot ${type} event`);
  }
}

/** copilot-sdk PermissionRequestResult kinds. */
function permissionApproval(kind: string, at: number): Approval {
  if (kind === "approved")
    return { decision: "approved", approver: null, source: "unknown", detail: "permission approved (who: not recorded)", at };
  if (kind === "denied-interactively-by-user") return { decision: "rejected", approver: null, source: "user", detail: kind, at };
  if (kind.startsWith("denied-by-rules") || kind.startsWith("denied-no-approval-rule"))
    return { decision: "rejected", approver: null, source: "config", detail: kind, at };
  return { decision: kind.startsWith("denied") ? "rejected" : "approved", approver: null, source: "unknown", detail: kind, at };
}
