import type { DraftAction, LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { baseName, isObject, readJsonLines, str } from "../jsonl";
import { readCodexEvent } from "./codex-events";
import { readCodexItem } from "./codex-items";

/**
 * OpenAI Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl`), 0.50 → current.
 * Tool calls are `response_item` function_call / custom_tool_call / local_shell_call paired with their output by
 * `call_id`, enriched by `event_msg` exec_command_end, patch_apply_end, mcp_tool_call_end…
 * Approvals (recorded only where the log shows who decided):
 * - `never` / `on-failure`: Codex runs commands without asking ⇒ approved by policy;
 * - `on-request`: a call that did not ask for escalation ran in the sandbox ⇒ approved by policy; one that asked
 *   (`sandbox_permissions: "require_escalated"`, `with_escalated_permissions`, an exec_approval_request) is approved by
 *   the user only when its output shows it ran, rejected when the output says so or the turn was aborted
 *   (`turn_aborted`, e.g. user_cancelled) while it waited, else unknown;
 * - `untrusted`: Codex asks unless the command is on its trusted list and the rollout does not say which ⇒ a call that
 *   ran is approved with source unknown; one that did not run stays unknown.
 * Two function calls sharing a call_id stay two actions (outputs pair with the earliest call still open).
 */
export interface CodexState {
  b: LogBuilder;
  session: () => SessionDraft;
  policy: string | null;
  subagent: string | null;
  recent: { prompt: Recent | null; message: Recent | null };
  approvalRequested: Set<DraftAction>;
  /** Actions created from a call record (function_call …), to tell a second call with the same id from its events. */
  callRecords: Set<DraftAction>;
  /** call_ids seen on more than one call record. */
  dupIds: Set<string>;
  /** Calls that ran under `untrusted` without a recorded decision. */
  untrusted: Set<DraftAction>;
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
    callRecords: new Set(),
    dupIds: new Set(),
    untrusted: new Set(),
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
  settleApprovals(st);
}

function settleApprovals(st: CodexState): void {
  for (const a of st.approvalRequested) {
    if (a.approval?.decision === "rejected") continue;
    a.approval = a.hasResult
      ? {
          decision: "approved",
          approver: null,
          source: "user",
          detail: "asked for approval (escalation / exec_approval_request); its output shows it ran, so the user approved it",
          at: a.endedAt,
        }
      : null;
  }
  for (const a of st.untrusted) {
    if (a.approval || st.approvalRequested.has(a) || !a.hasResult) continue;
    a.approval = {
      decision: "approved",
      approver: null,
      source: "unknown",
      detail:
        "approval_policy=untrusted: it ran; Codex asks the user unless the command is on its trusted list, and the rollout does not record which",
      at: a.endedAt,
    };
  }
}

/** Whether function-call arguments ask to run outside the sandbox (Codex on-request escalation). */
export function asksEscalation(input: unknown): boolean {
  return isObject(input) && (input.sandbox_permissions === "require_escalated" || input.with_escalated_permissions === true);
}

/** The approval a call gets from the policy alone, or null when the policy does not decide it. */
function policyApproval(policy: string | null, at: number): DraftAction["approval"] {
  if (policy === "never" || policy === "on-failure")
    return {
      decision: "approved",
      approver: null,
      source: "policy",
      detail: `approval_policy=${policy}: Codex runs commands without asking`,
      at,
    };
  if (policy === "on-request")
    return {
      decision: "approved",
      approver: null,
      source: "policy",
      detail: "approval_policy=on-request: ran in the sandbox without asking",
      at,
    };
  return null;
}

/** A request for approval was logged for this call: its decision comes from what follows. */
export function approvalRequested(st: CodexState, call: DraftAction): void {
  if (call.approval?.decision !== "rejected") call.approval = null;
  st.approvalRequested.add(call);
  st.untrusted.delete(call);
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
  fromCallRecord = false,
): DraftAction | null {
  const s = st.session();
  let existing = st.b.findCall(s, callId);
  if (existing && fromCallRecord && st.callRecords.has(existing)) {
    if (callId) st.dupIds.add(callId);
    existing = undefined; // a second call record with the same call_id: its own action
  } else if (existing && callId && st.dupIds.has(callId)) {
    existing = s.actions.find((a) => a.toolCallId === callId && a.kind === "tool_call" && !a.hasResult) ?? existing;
  }
  if (existing) {
    const patch = Object.fromEntries(
      Object.entries(init).filter(([k, v]) => v !== null && v !== undefined && (existing as unknown as Record<string, unknown>)[k] == null),
    );
    const merged = rec.merge(existing, patch as Partial<DraftAction>);
    if (fromCallRecord) st.callRecords.add(merged);
    if (asksEscalation(init.input)) approvalRequested(st, merged);
    return merged;
  }
  if (at === null) {
    rec.quarantine("timestamp: missing or not a timestamp");
    return null;
  }
  const action = rec.action(s, {
    key: callId ?? key,
    kind: "tool_call",
    at,
    toolCallId: callId,
    actor: st.subagent ? "subagent" : "agent",
    subagent: st.subagent,
    approval: policyApproval(st.policy, at),
    ...init,
  });
  if (fromCallRecord) st.callRecords.add(action);
  if (asksEscalation(init.input)) approvalRequested(st, action);
  else if (st.policy === "untrusted") st.untrusted.add(action);
  return action;
}
