import type { LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { isObject, num, str } from "../jsonl";
import { SHELL_TOOLS } from "../tool-risk";

/**
 * OpenCode session storage (sst/opencode `packages/opencode/src/session`: Session.Info, MessageV2.Info,
 * MessageV2.Part), ingested as the bundle lib/ingest/opencode-bundle.ts builds from a storage directory:
 * `{"opencodeStorage": {sessions, messages, parts}}` with each file as `{file, value}`. Every file is one record:
 * sessions and messages are session metadata, text parts are prompts / answers, tool parts tool calls
 * (`state.input.command` for `bash`, `state.output` / `metadata.exit`). A tool part whose error says permission was
 * rejected is a rejection by the user; OpenCode's storage does not record who approved a call that ran.
 */
type Entry = { file: string; value: unknown; text?: string; error?: string };

const REJECTED = /rejected permission|permission.*(denied|rejected)|user (dismissed|rejected)/i;

export function readOpenCode(text: string, b: LogBuilder): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    b.record({ index: 0, line: 1 }, text, text).quarantine(`invalid JSON: ${(e as Error).message}`);
    return;
  }
  const store = isObject(doc) && isObject(doc.opencodeStorage) ? doc.opencodeStorage : null;
  if (!store) {
    b.record({ index: 0, line: 1 }, doc, text).quarantine('not an OpenCode storage bundle: expected {"opencodeStorage": {…}}');
    return;
  }
  const list = (k: string): Entry[] => (Array.isArray(store[k]) ? (store[k] as Entry[]) : []);
  const sessions = list("sessions");
  const messages = list("messages");
  const parts = list("parts");
  const messageInfo = new Map<string, { sessionID: string | null; role: string | null; at: number | null }>();
  for (const m of messages)
    if (isObject(m.value) && str(m.value.id))
      messageInfo.set(String(m.value.id), {
        sessionID: str(m.value.sessionID),
        role: str(m.value.role),
        at: isObject(m.value.time) ? b.time(m.value.time.created) : null,
      });
  let index = 0;
  const open = (e: Entry): { rec: RecordCtx; v: Record<string, unknown> | null } => {
    const rec = b.record({ index: index++, line: null }, e.value ?? e.text ?? null, e.value === null ? e.text : undefined);
    if (e.value === null) rec.quarantine(`${e.file}: invalid JSON: ${e.error ?? "?"}`);
    else if (!isObject(e.value)) rec.quarantine(`${e.file}: not a JSON object`);
    return { rec, v: isObject(e.value) ? e.value : null };
  };
  for (const e of sessions) {
    const { rec, v } = open(e);
    if (v) {
      const id = str(v.id);
      if (!id) rec.quarantine(`${e.file}: id missing`);
      else {
        const s = b.session(id, "opencode");
        s.agentVersion = str(v.version) ?? s.agentVersion;
        s.cwd ??= str(v.directory);
        if (isObject(v.time)) s.startedAt ??= b.time(v.time.created);
        rec.meta(s);
      }
    }
    rec.done();
  }
  for (const e of messages) {
    const { rec, v } = open(e);
    const id = v ? str(v.sessionID) : null;
    if (v && !id) rec.quarantine(`${e.file}: sessionID missing`);
    else if (v && id) {
      const s = b.session(id, "opencode");
      const model = isObject(v.model) ? str(v.model.modelID) : str(v.modelID);
      if (model) s.model = model;
      s.cwd ??= isObject(v.path) ? str(v.path.cwd) : str(v.path);
      rec.meta(s);
    }
    rec.done();
  }
  // parts in time order (file names do not sort by time); a part without a time keeps its message's
  const partTime = (e: Entry): number => {
    const v = isObject(e.value) ? e.value : {};
    const state = isObject(v.state) && isObject(v.state.time) ? v.state.time : {};
    const t = isObject(v.time) ? b.time(v.time.start) : null;
    return t ?? b.time(state.start) ?? messageInfo.get(messageIdOf(v, e.file))?.at ?? Number.MAX_SAFE_INTEGER;
  };
  const ordered = parts.map((e, i) => ({ e, i, t: partTime(e) })).sort((x, y) => x.t - y.t || x.i - y.i);
  for (const { e } of ordered) {
    const { rec, v } = open(e);
    if (v) readPart(b, rec, v, e.file, messageInfo);
    rec.done();
  }
}

/** The part's message: its messageID, else the directory it sits in (`part/<messageID>/<part>.json`). */
function messageIdOf(v: Record<string, unknown>, file: string): string {
  return str(v.messageID) ?? file.split(/[\\/]/)[1] ?? "";
}

function readPart(
  b: LogBuilder,
  rec: RecordCtx,
  v: Record<string, unknown>,
  file: string,
  messages: Map<string, { sessionID: string | null; role: string | null; at: number | null }>,
): void {
  const msg = messages.get(messageIdOf(v, file));
  const sessionId = str(v.sessionID) ?? msg?.sessionID ?? null;
  if (!sessionId) {
    rec.quarantine(`${file}: sessionID missing and its message is not in the storage`);
    return;
  }
  const s: SessionDraft = b.session(sessionId, "opencode");
  const time = isObject(v.time) ? v.time : {};
  const key = str(v.id) ?? file;
  if (v.type === "text") {
    const at = b.time(time.start) ?? msg?.at ?? null;
    const text = str(v.text);
    if (!text) rec.skip("empty OpenCode text part");
    else if (at === null) rec.quarantine(`${file}: no time on the part or its message`);
    else
      rec.action(s, { key, kind: msg?.role === "user" ? "prompt" : "message", at, actor: msg?.role === "user" ? "user" : "agent", text });
    return;
  }
  if (v.type !== "tool") {
    rec.skip(`OpenCode ${String(v.type ?? "?")} part`);
    return;
  }
  const state = isObject(v.state) ? v.state : {};
  const stime = isObject(state.time) ? state.time : {};
  const at = b.time(stime.start) ?? msg?.at ?? null;
  if (at === null) {
    rec.quarantine(`${file}: no time on the tool call or its message`);
    return;
  }
  const tool = str(v.tool) ?? "unknown";
  const input = isObject(state.input) ? state.input : null;
  const meta = isObject(state.metadata) ? state.metadata : {};
  const status = str(state.status);
  const error = str(state.error);
  const output = str(state.output) ?? str(meta.output) ?? error;
  const exitCode = num(meta.exit) ?? (SHELL_TOOLS.test(tool) && (status === "completed" || status === "success") ? 0 : null);
  const rejected = !!error && REJECTED.test(error);
  rec.action(s, {
    key: str(v.callID) ?? key,
    kind: "tool_call",
    at,
    endedAt: b.time(stime.end),
    toolCallId: str(v.callID),
    tool,
    input,
    command: input && SHELL_TOOLS.test(tool) ? str(input.command) : null,
    cwd: input ? (str(input.cwd) ?? str(input.workdir)) : null,
    text: str(state.title) ?? (input ? str(input.description) : null),
    output,
    exitCode,
    isError: status === "error" || (exitCode !== null && exitCode !== 0),
    hasResult: status === "completed" || status === "success" || status === "error",
    approval: rejected ? { decision: "rejected", approver: null, source: "user", detail: error, at: b.time(stime.end) } : null,
  });
}
