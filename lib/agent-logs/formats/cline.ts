import type { DraftAction, LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { isObject, str, tryJson } from "../jsonl";

/**
 * Cline / Roo Code task folders (`…/saoudrizwan.claude-dev/tasks/<taskId>/`, Roo: `rooveterinaryinc.roo-cline`):
 * - `ui_messages.json`: `[{ts, type: "ask"|"say", ask?, say?, text, partial?}]` (ClineMessage in cline/cline
 *   src/shared/ExtensionMessage.ts). A command Cline ran without asking is `say: "command"` (auto-approve settings);
 *   one it asked about is `ask: "command"` (the text may end in `REQ_APP`); its output follows as `command_output`.
 *   Approvals: `say` ⇒ auto-approved (config); `ask` then output ⇒ the user approved it in the UI; `ask` then the
 *   user's feedback and no output ⇒ declined; otherwise unknown.
 * - `api_conversation_history.json`: the same task as API messages without times; every record is skipped with a
 *   pointer to ui_messages.json (which holds the same commands with times and approvals).
 */
const META_SAY = new Set([
  "api_req_started",
  "api_req_finished",
  "api_req_retried",
  "api_req_retry_delayed",
  "checkpoint_created",
  "deleted_api_reqs",
  "shell_integration_warning",
  "info",
  "task_progress",
  "reasoning",
  "load_mcp_documentation",
  "mcp_server_request_started",
  "browser_action_launch",
  "condense_context",
  "diff_error",
]);
const META_ASK = new Set(["resume_task", "resume_completed_task", "new_task", "condense", "report_bug", "auto_approval_max_req_reached"]);
const REQ_APP = /REQ_APP\s*$/;

export function readCline(text: string, b: LogBuilder): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    b.record({ index: 0, line: 1 }, text, text).quarantine(`invalid JSON: ${(e as Error).message}`);
    return;
  }
  if (!Array.isArray(doc)) {
    b.record({ index: 0, line: 1 }, doc, text).quarantine("not a Cline task file: expected a JSON array");
    return;
  }
  const path = b.fileName.replace(/\\/g, "/");
  const parts = path.split("/");
  const taskId = parts.length >= 2 ? parts[parts.length - 2] : "cline-task";
  const kind = /roo-cline|roo-code/i.test(path) ? "roo-code" : "cline";
  if (/api_conversation_history\.json$/.test(path) || !doc.some((m) => isObject(m) && typeof m.ts === "number")) {
    for (const [index, m] of doc.entries())
      b.record({ index, line: null }, m).skip(
        "Cline API conversation history (no times): the task's ui_messages.json holds the same commands with times and approvals",
      );
    return;
  }
  const s = b.session(taskId, kind);
  const asked: { action: DraftAction; index: number }[] = [];
  let lastCall: DraftAction | null = null;
  const events: { index: number; kind: "output" | "feedback" | "call" }[] = [];
  doc.forEach((m, index) => {
    const rec = b.record({ index, line: null }, m);
    const ev = readMessage(b, rec, s, m, lastCall);
    if (ev?.call) {
      lastCall = ev.call;
      events.push({ index, kind: "call" });
      if (ev.asked) asked.push({ action: ev.call, index });
    }
    if (ev?.output) events.push({ index, kind: "output" });
    if (ev?.feedback) events.push({ index, kind: "feedback" });
    rec.done();
  });
  for (const { action, index } of asked) {
    const after = events.filter((e) => e.index > index);
    const next = after.findIndex((e) => e.kind === "call");
    const until = next < 0 ? after : after.slice(0, next);
    if (action.command && until.some((e) => e.kind === "output"))
      action.approval = {
        decision: "approved",
        approver: null,
        source: "user",
        detail: "asked in the Cline UI, then it ran (its output follows)",
        at: action.at,
      };
    else if (action.command && until.some((e) => e.kind === "feedback"))
      action.approval = {
        decision: "rejected",
        approver: null,
        source: "user",
        detail: "asked in the Cline UI; the user answered with feedback and it did not run",
        at: action.at,
      };
  }
}

/** Claims the record (quarantine / skip / meta) and reads as nothing. */
const none = (_claimed: unknown): null => null;

interface Read {
  call?: DraftAction;
  asked?: boolean;
  output?: boolean;
  feedback?: boolean;
}

function readMessage(b: LogBuilder, rec: RecordCtx, s: SessionDraft, m: unknown, lastCall: DraftAction | null): Read | null {
  if (!isObject(m)) return none(rec.quarantine("message is not a JSON object"));
  const at = b.time(m.ts);
  const type = str(m.type);
  const what = type === "ask" ? str(m.ask) : type === "say" ? str(m.say) : null;
  if (!type || !what) return none(rec.quarantine('type/ask/say: expected {type: "ask"|"say", ask|say: …}'));
  if (m.partial === true) return none(rec.skip("partial (streaming) Cline message"));
  if (at === null) return none(rec.quarantine("ts: missing or not a timestamp"));
  const text = str(m.text) ?? "";
  const key = `${type}:${what}:${m.ts}`;
  if ((type === "say" && META_SAY.has(what)) || (type === "ask" && META_ASK.has(what))) return none(rec.meta(s));
  switch (what) {
    case "task":
    case "user_feedback":
    case "user_feedback_diff":
      if (!text) return none(rec.skip("empty Cline prompt"));
      rec.action(s, { key, kind: "prompt", at, actor: "user", text });
      return what === "task" ? null : { feedback: true };
    case "text":
    case "completion_result":
    case "followup":
    case "plan_mode_respond":
      if (!text) return none(rec.skip(`empty Cline ${what}`));
      rec.action(s, { key, kind: "message", at, actor: "agent", text });
      return null;
    case "error":
    case "api_req_failed":
    case "mistake_limit_reached":
    case "clineignore_error":
      rec.action(s, { key, kind: "error", at, actor: "system", text: text || what });
      return null;
    case "command": {
      const command = text.replace(REQ_APP, "").trim();
      const call = rec.action(s, {
        key,
        kind: "tool_call",
        at,
        tool: "execute_command",
        command,
        input: { command, requiresApproval: REQ_APP.test(text) },
        approval:
          type === "say"
            ? {
                decision: "approved",
                approver: null,
                source: "config",
                detail: "auto-approved by Cline's auto-approve settings (say: command)",
                at,
              }
            : null,
      });
      return { call, asked: type === "ask" };
    }
    case "command_output": {
      if (lastCall?.tool !== "execute_command") return none(rec.skip("command output without its command"));
      rec.merge(lastCall, { output: `${lastCall.output ?? ""}${text}`, endedAt: at, hasResult: true });
      return { output: true };
    }
    case "tool":
    case "use_mcp_server": {
      const j = tryJson(text);
      const input = isObject(j) ? j : { text };
      const tool =
        what === "tool"
          ? (str(input.tool) ?? "tool")
          : `mcp:${str(input.serverName) ?? "?"}/${str(input.toolName) ?? str(input.uri) ?? "?"}`;
      const call = rec.action(s, {
        key,
        kind: "tool_call",
        at,
        tool,
        input,
        approval:
          type === "say"
            ? {
                decision: "approved",
                approver: null,
                source: "config",
                detail: `auto-approved by Cline's auto-approve settings (say: ${what})`,
                at,
              }
            : null,
      });
      return { call, asked: type === "ask" };
    }
    case "mcp_server_response":
    case "browser_action_result": {
      if (!lastCall) return none(rec.skip(`${what} without its tool call`));
      rec.merge(lastCall, { output: text, endedAt: at, hasResult: true });
      return { output: true };
    }
    default:
      rec.skip(`Cline ${type}/${what} message`);
      return null;
  }
}
