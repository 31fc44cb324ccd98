import type { LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { baseName, isObject, num, readJsonLines, str } from "../jsonl";
import { SHELL_TOOLS } from "../tool-risk";

/**
 * Gemini CLI (google-gemini/gemini-cli, packages/core chatRecordingService / logger):
 * - chat sessions `~/.gemini/tmp/<project>/chats/session-*.json`: `{sessionId, projectHash, startTime, lastUpdated,
 *   messages: [{id, timestamp, type: user|gemini|info|error|warning, content, toolCalls?: [{id, name, args, result,
 *   status, timestamp, resultDisplay}]}]}` — each message is one record;
 * - the JSONL variant (v0.40+): a header line `{sessionId, projectHash, startTime, …}`, one message per line, and
 *   `{"$set": {…}}` metadata updates;
 * - `logs.json`: an array of `{sessionId, messageId, type, message, timestamp}` (the user's prompts only).
 * Shell calls are `run_shell_command` (`args.command`, output text with `Exit Code: N`). Confirmations: a tool call
 * the user declined ends `cancelled` (rejected); the chat file does not record who approved a call that ran (the
 * confirmation prompt, an allow-listed tool or `--yolo`), so that approval stays unknown.
 */
export function readGemini(text: string, b: LogBuilder): void {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    doc = undefined;
  }
  if (Array.isArray(doc)) {
    readLogsJson(doc, b);
    return;
  }
  if (isObject(doc) && Array.isArray(doc.messages)) {
    const s = session(b, doc);
    for (const [index, m] of doc.messages.entries()) {
      const rec = b.record({ index, line: null }, m);
      readMessage(b, rec, s, m, index);
      rec.done();
    }
    return;
  }
  let s: SessionDraft | null = null;
  for (const l of readJsonLines(trimmed)) {
    const rec = b.record({ index: l.index, line: l.line }, l.ok ? l.value : l.text, l.text);
    const v = l.value;
    if (!l.ok) rec.quarantine(`invalid JSON: ${l.error}`);
    else if (!isObject(v)) rec.quarantine("record is not a JSON object");
    else if (str(v.sessionId) && "projectHash" in v && !("type" in v)) {
      s = session(b, v);
      rec.meta(s);
    } else if (isObject(v.$set)) {
      s ??= session(b, {});
      const set = v.$set;
      s.endedAt = b.time(set.lastUpdated) ?? s.endedAt;
      rec.meta(s);
    } else {
      s ??= session(b, {});
      readMessage(b, rec, s, v, l.index);
    }
    rec.done();
  }
}

function session(b: LogBuilder, v: Record<string, unknown>): SessionDraft {
  const id = str(v.sessionId) ?? baseName(b.fileName, /\.(jsonl|json)$/);
  const s = b.session(id, "gemini");
  s.startedAt ??= b.time(v.startTime);
  s.endedAt = b.time(v.lastUpdated) ?? s.endedAt;
  if (isObject(v.meta)) s.model ??= str(v.meta.model);
  return s;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((p) => (typeof p === "string" ? p : isObject(p) && typeof p.text === "string" ? p.text : ""))
      .filter(Boolean)
      .join("\n");
  return isObject(content) && typeof content.text === "string" ? content.text : "";
}

function readMessage(b: LogBuilder, rec: RecordCtx, s: SessionDraft, m: unknown, index: number): void {
  if (!isObject(m)) {
    rec.quarantine("message is not a JSON object");
    return;
  }
  const type = str(m.type);
  const at = b.time(m.timestamp);
  if (!type) {
    rec.quarantine("type: missing");
    return;
  }
  if (at === null) {
    rec.quarantine("timestamp: missing or not a timestamp");
    return;
  }
  const text = textOf(m.content ?? m.parts).trim();
  const key = str(m.id) ?? `message:${index}`;
  if (type === "user") {
    if (!text) {
      rec.skip("empty user message");
      return;
    }
    rec.action(s, { key, kind: "prompt", at, actor: "user", text });
    return;
  }
  if (type === "info" || type === "error" || type === "warning") {
    if (!text) {
      rec.skip(`empty gemini ${type} message`);
      return;
    }
    rec.action(s, { key, kind: type === "error" ? "error" : "system", at, actor: "system", text });
    return;
  }
  if (type !== "gemini" && type !== "model") {
    rec.skip(`gemini ${type} message (unknown type)`);
    return;
  }
  s.model = str(m.model) ?? s.model;
  if (text) rec.action(s, { key, kind: "message", at, actor: "agent", text });
  const calls = Array.isArray(m.toolCalls) ? m.toolCalls : [];
  for (const [i, c] of calls.entries()) readToolCall(b, rec, s, c, at, `${key}:tool:${i}`);
  if (!rec.isClaimed) rec.skip("gemini message without text or tool calls");
}

/** Output text of a tool call: the functionResponse's `output` / `error`, else its display text. */
function outputOf(c: Record<string, unknown>): string | null {
  const parts = Array.isArray(c.result) ? c.result : c.result ? [c.result] : [];
  const texts: string[] = [];
  for (const p of parts) {
    const fr = isObject(p) && isObject(p.functionResponse) ? p.functionResponse : null;
    const resp = fr && isObject(fr.response) ? fr.response : null;
    if (resp) texts.push(...[str(resp.output), str(resp.error)].filter((x): x is string => x !== null));
    else if (typeof p === "string") texts.push(p);
  }
  return texts.length ? texts.join("\n") : str(c.resultDisplay);
}

function readToolCall(b: LogBuilder, rec: RecordCtx, s: SessionDraft, c: unknown, msgAt: number, key: string): void {
  if (!isObject(c)) return;
  const name = str(c.name) ?? "unknown";
  const args = isObject(c.args) ? c.args : null;
  const at = b.time(c.timestamp) ?? msgAt;
  const command = args && (SHELL_TOOLS.test(name) || name === "run_shell_command") ? str(args.command) : null;
  const status = str(c.status);
  const output = outputOf(c);
  const exit = output ? /Exit Code: (-?\d+)/.exec(output) : null;
  const ran = status === "success" || status === "error";
  const exitCode = exit ? Number(exit[1]) : command && status === "success" ? 0 : null;
  const cancelled = status === "cancelled";
  rec.action(s, {
    key: str(c.id) ?? key,
    kind: "tool_call",
    at,
    endedAt: ran || cancelled ? at : null,
    toolCallId: str(c.id),
    tool: name,
    input: args,
    command,
    cwd: args ? (str(args.directory) ?? str(args.dir_path) ?? str(args.cwd)) : null,
    text: str(c.description) ?? (args ? str(args.description) : null),
    output,
    exitCode,
    isError: status === "error" || cancelled || (exitCode !== null && exitCode !== 0),
    hasResult: ran || cancelled,
    approval: cancelled
      ? {
          decision: "rejected",
          approver: null,
          source: "user",
          detail: "tool call cancelled (confirmation declined or turn cancelled)",
          at,
        }
      : null,
  });
}

/** `logs.json`: the prompts the user typed, per session. */
function readLogsJson(entries: unknown[], b: LogBuilder): void {
  for (const [index, e] of entries.entries()) {
    const rec = b.record({ index, line: null }, e);
    readLogEntry(b, rec, e, index);
  }
}

function readLogEntry(b: LogBuilder, rec: RecordCtx, e: unknown, index: number): void {
  {
    if (!isObject(e)) {
      rec.quarantine("entry is not a JSON object");
      return;
    }
    const id = str(e.sessionId);
    const at = b.time(e.timestamp);
    if (!id) {
      rec.quarantine("sessionId: missing");
      return;
    }
    if (at === null) {
      rec.quarantine("timestamp: missing or not a timestamp");
      return;
    }
    const s = b.session(id, "gemini");
    const text = str(e.message);
    if (!text) {
      rec.skip("empty logs.json entry");
      return;
    }
    if (e.type !== "user") {
      rec.skip(`gemini logs.json ${String(e.type)} entry`);
      return;
    }
    rec.action(s, { key: `log:${num(e.messageId) ?? index}`, kind: "prompt", at, actor: "user", text });
  }
}
