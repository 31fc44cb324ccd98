import type { DraftAction, LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { baseName, isObject, readJsonLines, str } from "../jsonl";
import { readCodexEvent } from "./codex-events";
import { readCodexItem } from "./codex-items";

/**
 * OpenAI Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl`), 0.50 → current.
 * Tool calls are `response_item` function_call / custom_tool_call / local_shell_call paired with their output by
 * `call_id`, enriched by `event_msg` exec_command_end, patch_apply_end, mcp_tool_call_end…
 * Approval: `turn_context.approval_policy` is recorded on each call (source policy); an exec_approval_request followed
 * by the command running ⇒ approved by the user; "rejected by user" output ⇒ rejected.
 */
export interface CodexState {
  b: LogBuilder;
  session: () => SessionDraft;
  policy: string | null;
  subagent: string | null;
  recent: { prompt: Recent | null; message: Recent | null };
  approvalRequested: Set<DraftAction>;
}

interface Recent {
  action: DraftAction;
  text: string;
  source: string;
}

const SKIPPED_TOP = new Set(["compacted", "world_state", "inter_agent_communication_metadata"]);

export function readCodex(text: string, b: LogBuilder): void {
  const name = baseName(b.fileName, /\.jsonl$/);
  const fileId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(name)?.[1] ?? name;
  let current: SessionDraft | null = null;
  const st: CodexState = {
    b,
    session: () => (current ??= b.session(fileId, "codex")),
    policy: null,
    subagent: null,
    recent: { prompt: null, message: null },
    approvalRequested: new Set(),
  };
  for (const l of readJsonLines(text)) {
    const rec = b.record({ index: l.index, line: l.line }, l.ok ? l.value : l.text, l.text);
    if (!l.ok) rec.quarantine(`invalid JSON: ${l.error}`);
    else if (!isObject(l.value)) rec.quarantine("record is not a JSON object");
    else if (typeof l.value.type !== "string") rec.quarantine("type: missing");
    else {
      const v = l.value;
      const p = v.payload;
      const at = b.time(v.timestamp);
      if (SKIPPED_TOP.has(v.type as string)) rec.skip(`codex ${v.type} record`);
      else if (!isObject(p)) rec.quarantine("payload: expected object");
      else if (v.type === "session_meta") {
        const id = str(p.id) ?? str(p.session_id);
        if (id && id !== current?.externalId) {
          current = b.session(id, "codex");
          st.recent = { prompt: null, message: null };
        }
        const s = st.session();
        s.agentVersion = str(p.cli_version) ?? s.agentVersion;
        s.cwd ??= str(p.cwd);
        s.startedAt ??= b.time(p.timestamp) ?? at;
        const sub = isObject(p.source) && isObject(p.source.subagent) ? p.source.subagent : null;
        st.subagent = sub ? (str(p.agent_nickname) ?? str(p.agent_path) ?? "subagent") : null;
        rec.meta(s);
      } else if (v.type === "turn_context") {
        const s = st.session();
        const policy = str(p.approval_policy);
        if (policy) {
          st.policy = policy;
          s.mode = policy;
          const sandbox = isObject(p.sandbox_policy) ? (str(p.sandbox_policy.type) ?? str(p.sandbox_policy.mode)) : str(p.sandbox_policy);
          s.approvalPolicy = sandbox ? `${policy} (sandbox: ${sandbox})` : policy;
        }
        s.model = str(p.model) ?? s.model;
        s.cwd ??= str(p.cwd);
        rec.meta(s);
      } else if (v.type === "response_item") readCodexItem(st, rec, p, at, l.index);
      else if (v.type === "event_msg") readCodexEvent(st, rec, p, at, l.index);
      else rec.skip(`codex ${v.type} record (unknown type)`);
    }
    rec.done();
  }
  for (const a of st.approvalRequested) {
    if (a.approval?.decision === "rejected") continue;
    if (a.hasResult)
      a.approval = {
        decision: "approved",
        approver: null,
        source: "user",
        detail: "exec_approval_request, then the command ran",
        at: a.approval?.at ?? null,
      };
  }
}

/** A prompt or agent message; the same text logged both as event_msg and response_item is one action. */
export function codexText(
  st: CodexState,
  rec: RecordCtx,
  kind: "prompt" | "message",
  text: string,
  at: number | null,
  source: string,
  key: string,
): void {
  const slot = kind === "prompt" ? st.recent.prompt : st.recent.message;
  const t = text.trim();
  if (slot && slot.text === t && slot.source !== source) {
    rec.merge(slot.action);
    slot.source = "both";
    return;
  }
  if (at === null) return rec.quarantine("timestamp: missing or not a timestamp");
  const sub = st.subagent;
  const action = rec.action(st.session(), {
    key,
    kind,
    at,
    actor: kind === "prompt" ? "user" : sub ? "subagent" : "agent",
    text,
    subagent: sub,
  });
  st.recent[kind] = { action, text: t, source };
}

/** Find the call with this call_id, or create it (events may arrive without their response_item). */
export function codexCall(
  st: CodexState,
  rec: RecordCtx,
  callId: string | null,
  at: number | null,
  init: Partial<DraftAction>,
  key: string,
): DraftAction | null {
  const s = st.session();
  const existing = st.b.findCall(s, callId);
  if (existing) {
    const patch = Object.fromEntries(
      Object.entries(init).filter(([k, v]) => v !== null && v !== undefined && (existing as unknown as Record<string, unknown>)[k] == null),
    );
    return rec.merge(existing, patch as Partial<DraftAction>);
  }
  if (at === null) {
    rec.quarantine("timestamp: missing or not a timestamp");
    return null;
  }
  const policy = st.policy;
  return rec.action(s, {
    key: callId ?? key,
    kind: "tool_call",
    at,
    toolCallId: callId,
    actor: st.subagent ? "subagent" : "agent",
    subagent: st.subagent,
    approval: policy ? { decision: "approved", approver: null, source: "policy", detail: `approval_policy=${policy}`, at } : null,
    ...init,
  });
}
