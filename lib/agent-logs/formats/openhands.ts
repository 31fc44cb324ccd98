import type { DraftAction, LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { baseName, isObject, num, readJsonLines, str } from "../jsonl";

/**
 * OpenHands: replay trajectories (a JSON array of events `{id, timestamp, source, action|observation, args|extras,
 * cause, tool_call_metadata}`) and resolver output JSONL (`{issue, instruction, history:[…]}` per line, older flat
 * event layout, no timestamps). Trajectory timestamps have no zone and are read as UTC. One record = one event.
 */
const TOOL_ACTIONS: Record<string, string> = {
  run: "execute_bash",
  run_ipython: "ipython",
  edit: "str_replace_editor",
  write: "write",
  read: "read",
  browse: "browse",
  browse_interactive: "browser",
  delegate: "delegate",
  call_tool_mcp: "mcp",
};

export function readOpenHands(text: string, b: LogBuilder): void {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) {
    let events: unknown;
    try {
      events = JSON.parse(text);
    } catch (e) {
      b.record({ index: 0, line: 1 }, text, text).quarantine(`invalid JSON: ${(e as Error).message}`);
      return;
    }
    const s = b.session(baseName(b.fileName, /\.jsonl?$/), "openhands");
    const byId = new Map<number, DraftAction>();
    for (const [index, ev] of (events as unknown[]).entries()) readEvent(b, b.record({ index, line: null }, ev), s, ev, byId, null);
    return;
  }
  let index = 0;
  for (const l of readJsonLines(text)) {
    if (!l.ok || !isObject(l.value) || !Array.isArray(l.value.history)) {
      b.record({ index: index++, line: l.line }, l.ok ? l.value : l.text, l.text).quarantine(
        l.ok ? "history: expected array" : `invalid JSON: ${l.error}`,
      );
      continue;
    }
    const v = l.value;
    const issue = isObject(v.issue) ? v.issue : {};
    const id =
      str(v.instance_id) ??
      (str(issue.owner) && str(issue.repo) ? `${issue.owner}/${issue.repo}#${issue.number ?? "?"}` : `${baseName(b.fileName)}:${l.line}`);
    const s = b.session(id, "openhands");
    if (b.fileTime === null) b.notes.add("OpenHands resolver output has no timestamps: pass fileTime to keep its records");
    const byId = new Map<number, DraftAction>();
    for (const ev of v.history as unknown[]) readEvent(b, b.record({ index: index++, line: l.line }, ev), s, ev, byId, b.fileTime);
  }
}

function readEvent(
  b: LogBuilder,
  rec: RecordCtx,
  s: SessionDraft,
  ev: unknown,
  byId: Map<number, DraftAction>,
  fallbackTime: number | null,
): void {
  if (!isObject(ev)) return rec.quarantine("event: expected object");
  const at = b.time(ev.timestamp) ?? fallbackTime;
  const args = isObject(ev.args) ? ev.args : ev;
  const id = num(ev.id);
  const meta = isObject(ev.tool_call_metadata) ? ev.tool_call_metadata : null;
  const action = str(ev.action);
  const observation = str(ev.observation);
  if (action) {
    if (action === "change_agent_state" || action === "system" || action === "recall" || action === "null")
      return rec.skip(`openhands ${action} action`);
    if (at === null)
      return rec.quarantine(
        ev.timestamp === undefined ? "timestamp: missing (pass fileTime for resolver output)" : "timestamp: not a timestamp",
      );
    const source = str(ev.source) ?? (action === "message" && !("thought" in args) ? "user" : "agent");
    const thought = str(args.thought);
    let a: DraftAction;
    if (action === "message" || action === "finish" || action === "think") {
      const text = str(args.content) ?? str(ev.message) ?? thought ?? (isObject(args.outputs) ? JSON.stringify(args.outputs) : "");
      a = rec.action(s, {
        key: `event:${id ?? rec.position.index}`,
        kind: source === "user" ? "prompt" : "message",
        at,
        actor: source === "user" ? "user" : "agent",
        text,
      });
    } else {
      const confirmation = str(args.confirmation_state) ?? str(args.is_confirmed);
      const toolCallId = meta ? str(meta.tool_call_id) : null;
      a = rec.action(s, {
        key: toolCallId ?? `event:${id ?? rec.position.index}`,
        kind: "tool_call",
        at,
        toolCallId,
        actor: "agent",
        tool: (meta && str(meta.function_name)) ?? TOOL_ACTIONS[action] ?? action,
        command: action === "run" ? str(args.command) : null,
        input:
          action === "run"
            ? { command: args.command ?? null }
            : { ...pick(args, ["path", "code", "url", "command", "start", "end", "name", "arguments"]) },
        text: thought,
        approval:
          confirmation === "rejected"
            ? { decision: "rejected", approver: null, source: "user", detail: "confirmation_state=rejected", at }
            : confirmation === "confirmed"
              ? { decision: "approved", approver: null, source: "unknown", detail: "confirmation_state=confirmed", at }
              : null,
      });
    }
    if (id !== null) byId.set(id, a);
    return;
  }
  if (observation) {
    const cause = num(ev.cause);
    const target = (cause !== null ? byId.get(cause) : undefined) ?? (fallbackTime !== null || cause === null ? lastOpen(s) : undefined);
    if (!target || observation === "agent_state_changed" || observation === "null") return rec.skip(`openhands ${observation} observation`);
    const extras = isObject(ev.extras) ? ev.extras : ev;
    const md = isObject(extras.metadata) ? extras.metadata : extras;
    const exitCode = num(md.exit_code);
    const output = str(ev.content) ?? str(extras.content) ?? str(ev.message);
    rec.merge(target, {
      output,
      exitCode,
      endedAt: at ?? target.endedAt,
      hasResult: true,
      isError: observation === "error" || (exitCode !== null && exitCode !== 0),
      approval:
        observation === "user_rejected"
          ? { decision: "rejected", approver: null, source: "user", detail: "user_rejected observation", at }
          : target.approval,
      cwd: str(md.working_dir) ?? target.cwd,
    });
    return;
  }
  rec.skip("openhands event without action or observation");
}

function lastOpen(s: SessionDraft): DraftAction | undefined {
  for (let i = s.actions.length - 1; i >= 0; i--)
    if (s.actions[i].kind === "tool_call") return s.actions[i].hasResult ? undefined : s.actions[i];
  return undefined;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
