import type { Approval } from "@/lib/model/agent";
import type { RecordPosition } from "@/lib/model/ingest-item";
import type { DraftAction, LogBuilder, RecordCtx, SessionDraft } from "../builder";
import { baseName, isObject, readJsonLines, str } from "../jsonl";
import { SHELL_TOOLS } from "../tool-risk";

/**
 * Claude Code transcripts (`~/.claude/projects/<cwd>/<sessionId>.jsonl`, 1.x and 2.x), including sidechain entries
 * interleaved in the file (1.x) and sub-agent files (`agent-*.jsonl`, `subagents/agent-*.jsonl`).
 * Approvals: transcripts record rejections ("The user doesn't want to proceed…") but not each approval; an approval
 * is derived only from the permission mode in force (bypassPermissions ⇒ policy, dontAsk ⇒ config allow-list,
 * acceptEdits ⇒ policy for file edits). Otherwise approval stays null (nothing recorded).
 */
const META_TYPES = new Set([
  "summary",
  "permission-mode",
  "mode",
  "custom-title",
  "ai-title",
  "agent-name",
  "worktree-state",
  "relocated",
  "tag",
]);
const ERROR_SUBTYPES = new Set(["api_error", "error", "api_refusal", "model_refusal_fallback"]);
const EDIT_TOOLS = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);
const MODE_RANK: Record<string, number> = { plan: 0, default: 1, ask: 1, acceptEdits: 2, dontAsk: 3, bypassPermissions: 4 };
const REJECTED = /^The user doesn't want to (?:proceed with|take) this (?:tool use|action)/;
/** Headless (`-p`) runs: a tool the permission settings do not allow is refused without asking anyone. */
const NOT_GRANTED = /^Claude requested permissions? to .*but you haven't granted it yet/;

/** One input record: a JSONL line or an element of a JSON array. */
export interface ClaudeEntry {
  position: RecordPosition;
  ok: boolean;
  value: unknown;
  text: string;
  error: string | null;
}

export interface ClaudeReadOptions {
  /** The session kind (default claude-code). */
  kind?: string;
  /** Time of a record; default its `timestamp`. */
  time?: (v: Record<string, unknown>, index: number) => number | null;
  /** Records of types this reader does not know (headless `result`). */
  other?: (ctx: ClaudeCtx) => boolean;
}

interface Block {
  type: string;
  [k: string]: unknown;
}

export function readClaudeCode(text: string, b: LogBuilder): void {
  const entries = readJsonLines(text).map((l) => ({
    position: { index: l.index, line: l.line },
    ok: l.ok,
    value: l.value,
    text: l.text,
    error: l.error,
  }));
  readClaudeEntries(entries, b);
}

const sessionIdOf = (v: unknown): string | null => {
  if (!isObject(v)) return null;
  const id = str(v.sessionId) ?? str(v.session_id);
  return id && !id.startsWith("[") ? id : null;
};

export function readClaudeEntries(lines: ClaudeEntry[], b: LogBuilder, opts: ClaudeReadOptions = {}): void {
  const fileName = baseName(b.fileName);
  const kind = opts.kind ?? "claude-code";
  const timeOf = opts.time ?? ((v: Record<string, unknown>) => b.time(v.timestamp));
  const fileAgent = /^agent-.+\.jsonl$/.test(fileName) ? fileName.replace(/\.jsonl$/, "") : null;
  const fileSession = lines.map((l) => sessionIdOf(l.value)).find((x) => x) ?? baseName(fileName, /\.(jsonl|json)$/);
  const modeBySession = new Map<string, string>();
  const uuidSub = new Map<string, string>();
  const taskPrompts = new Map<string, string>();
  const textActions = new Map<string, DraftAction>();

  const setMode = (s: SessionDraft, mode: string) => {
    modeBySession.set(s.externalId, mode);
    if (s.approvalPolicy === null || (MODE_RANK[mode] ?? 1) > (MODE_RANK[s.approvalPolicy] ?? 1)) {
      s.approvalPolicy = mode;
      s.mode = mode === "bypassPermissions" ? "bypass" : mode;
    }
  };

  const subagentOf = (v: Record<string, unknown>, firstText: string | null): string | null => {
    if (fileAgent) return str(v.agentId) ?? fileAgent;
    if (str(v.parent_tool_use_id)) return String(v.parent_tool_use_id);
    if (str(v.agentId) && !String(v.agentId).startsWith("[")) return String(v.agentId);
    if (v.isSidechain !== true) return null;
    const uuid = str(v.uuid);
    const parent = str(v.parentUuid);
    let id = parent ? uuidSub.get(parent) : undefined;
    if (!id) id = (firstText && taskPrompts.get(firstText.trim())) || `sidechain:${uuid ?? parent ?? "?"}`;
    if (uuid) uuidSub.set(uuid, id);
    return id;
  };

  for (const l of lines) {
    const rec = b.record(l.position, l.ok ? l.value : l.text, l.text);
    if (!l.ok) rec.quarantine(`invalid JSON: ${l.error}`);
    else if (!isObject(l.value)) rec.quarantine("record is not a JSON object");
    else if (typeof l.value.type !== "string") rec.quarantine("type: missing");
    else {
      const v = l.value;
      const s = b.session(sessionIdOf(v) ?? fileSession, kind);
      if (str(v.version) && /^\d/.test(String(v.version))) s.agentVersion = String(v.version);
      if (str(v.claude_code_version)) s.agentVersion = String(v.claude_code_version);
      if (str(v.cwd) && !s.cwd && !String(v.cwd).startsWith("[")) s.cwd = String(v.cwd);
      const pm = str(v.permissionMode);
      if (pm && pm in MODE_RANK) setMode(s, pm);
      const ctx: Ctx = {
        b,
        rec,
        s,
        v,
        subagentOf,
        mode: modeBySession.get(s.externalId) ?? null,
        taskPrompts,
        textActions,
        index: l.position.index,
        time: (x) => timeOf(x, l.position.index),
      };
      switch (v.type) {
        case "user":
          readUser(ctx);
          break;
        case "assistant":
          readAssistant(ctx);
          break;
        case "system":
          if (ERROR_SUBTYPES.has(String(v.subtype))) {
            const at = ctx.time(v);
            const err = isObject(v.error) ? str(v.error.message) : str(v.error);
            if (at === null) rec.quarantine("timestamp: missing or not a timestamp");
            else
              rec.action(s, {
                key: str(v.uuid) ?? `system:${l.position.index}`,
                kind: "error",
                at,
                actor: "system",
                text: str(v.content) ?? err ?? String(v.subtype),
              });
          } else if (v.subtype === "session_start") rec.meta(s);
          else if (v.subtype === "init") {
            s.model = str(v.model) ?? s.model;
            s.startedAt ??= ctx.time(v);
            rec.meta(s);
          } else rec.skip(`claude-code system/${String(v.subtype ?? "?")} record`);
          break;
        case "tool_use":
        case "tool_result":
          readFlatTool(ctx);
          break;
        default:
          if (opts.other?.(ctx)) break;
          if (META_TYPES.has(String(v.type))) {
            if (v.type === "permission-mode" && str(v.permissionMode)) setMode(s, String(v.permissionMode));
            rec.meta(s);
          } else rec.skip(`claude-code ${v.type} record (bookkeeping)`);
      }
    }
    rec.done();
  }
}

type Ctx = ClaudeCtx;
export interface ClaudeCtx {
  time: (v: Record<string, unknown>) => number | null;
  b: LogBuilder;
  rec: RecordCtx;
  s: SessionDraft;
  v: Record<string, unknown>;
  subagentOf: (v: Record<string, unknown>, firstText: string | null) => string | null;
  mode: string | null;
  taskPrompts: Map<string, string>;
  textActions: Map<string, DraftAction>;
  index: number;
}

function blocksOf(content: unknown): Block[] | null {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) return null;
  return content.map((x) =>
    typeof x === "string" ? { type: "text", text: x } : isObject(x) && typeof x.type === "string" ? (x as Block) : { type: "unknown" },
  );
}

export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? "" : JSON.stringify(content);
  return content
    .map((x) =>
      typeof x === "string" ? x : isObject(x) ? (typeof x.text === "string" ? x.text : x.type === "image" ? "[image]" : "") : "",
    )
    .filter(Boolean)
    .join("\n");
}

function message(ctx: Ctx): { blocks: Block[]; msg: Record<string, unknown> } | null {
  const { rec, v } = ctx;
  if (!isObject(v.message)) {
    rec.quarantine("message: expected object");
    return null;
  }
  if (v.message.content === undefined) {
    rec.quarantine("message.content: missing");
    return null;
  }
  const blocks = blocksOf(v.message.content);
  if (!blocks) rec.quarantine("message.content: expected string or array");
  return blocks ? { blocks, msg: v.message } : null;
}

function readUser(ctx: Ctx): void {
  const { rec, s, v } = ctx;
  const m = message(ctx);
  if (!m) return;
  const at = ctx.time(v);
  const texts = m.blocks.filter((x) => x.type === "text" && typeof x.text === "string").map((x) => String(x.text));
  const subagent = ctx.subagentOf(v, texts[0] ?? null);
  for (const tr of m.blocks.filter((x) => x.type === "tool_result")) readToolResult(ctx, tr, at, subagent);
  const textAll = texts.join("\n").trim();
  if (!textAll || rec.isClaimed) return void (rec.isClaimed || rec.skip("empty user message"));
  if (v.isMeta === true || textAll.startsWith("Caveat: The messages below were generated by the user"))
    return rec.skip("system-injected user message (isMeta)");
  if (at === null) return rec.quarantine("timestamp: missing or not a timestamp");
  const interrupted = /^\[Request interrupted by user/.test(textAll);
  rec.action(s, {
    key: str(v.uuid) ?? `user:${ctx.index}`,
    kind: v.isCompactSummary === true || interrupted ? "system" : "prompt",
    at,
    actor: subagent ? "agent" : "user",
    text: textAll,
    subagent,
  });
}

function readToolResult(ctx: Ctx, tr: Block, at: number | null, subagent: string | null): void {
  const { b, rec, s, v } = ctx;
  const id = str(tr.tool_use_id);
  let call = b.findCall(s, id) ?? (id ? undefined : b.lastOpenCall(s));
  const contentOut = contentText(tr.content);
  const tur = v.toolUseResult ?? v.tool_use_result;
  const stdio =
    isObject(tur) && (str(tur.stdout) || str(tur.stderr)) ? [str(tur.stdout), str(tur.stderr)].filter(Boolean).join("\n") : null;
  const output = stdio ?? contentOut;
  const rejected = REJECTED.test(contentOut) || v.toolDenialKind === "user-rejected";
  const notGranted = NOT_GRANTED.test(contentOut);
  const isError = tr.is_error === true || rejected || notGranted;
  if (!call) {
    if (at === null) return rec.quarantine("timestamp: missing or not a timestamp");
    call = rec.action(s, {
      key: id ?? str(v.uuid) ?? `result:${ctx.index}`,
      kind: "tool_call",
      toolCallId: id,
      at,
      actor: subagent ? "subagent" : "agent",
      subagent,
    });
  }
  const exitMatch = /(?:^|\n)(?:Error: )?Exit code:? (\d+)/.exec(contentOut);
  const background = isObject(call.input) && call.input.run_in_background === true;
  const interrupted = isObject(tur) && tur.interrupted === true;
  const exitCode = exitMatch ? Number(exitMatch[1]) : call.command !== null && !isError && !background && !interrupted ? 0 : null;
  const approval: Approval | null = notGranted
    ? {
        decision: "rejected",
        approver: null,
        source: "config",
        detail: "not allowed by the permission settings (--allowedTools / allow rules); a headless run asks no one",
        at,
      }
    : rejected
      ? {
          decision: "rejected",
          approver: null,
          source: "user",
          detail: str(v.toolDenialKind) ?? "user declined the tool use in Claude Code",
          at,
        }
      : call.approval;
  rec.merge(call, { endedAt: at, output, isError, exitCode, approval, hasResult: true });
}

function modeApproval(mode: string | null, tool: string, at: number): Approval | null {
  if (mode === "bypassPermissions") return { decision: "approved", approver: null, source: "policy", detail: "bypassPermissions", at };
  if (mode === "dontAsk")
    return { decision: "approved", approver: null, source: "config", detail: "dontAsk (only allow-listed tools run)", at };
  if (mode === "acceptEdits" && EDIT_TOOLS.has(tool))
    return { decision: "approved", approver: null, source: "policy", detail: "acceptEdits", at };
  return null;
}

function readAssistant(ctx: Ctx): void {
  const { b, rec, s, v } = ctx;
  const m = message(ctx);
  if (!m) return;
  const at = ctx.time(v);
  if (at === null) return rec.quarantine("timestamp: missing or not a timestamp");
  const model = str(m.msg.model);
  if (model && model !== "<synthetic>" && !model.startsWith("[")) s.model = model;
  const subagent = ctx.subagentOf(v, null);
  const actor = subagent ? "subagent" : "agent";
  const msgId = str(m.msg.id);
  m.blocks.forEach((blk, i) => {
    if (blk.type === "text" || blk.type === "thinking") {
      const t = blk.type === "text" ? str(blk.text) : str(blk.thinking) && `[thinking] ${blk.thinking}`;
      if (!t) return;
      const k = msgId ? `${s.externalId}\u0000${msgId}` : null;
      const existing = k ? ctx.textActions.get(k) : undefined;
      if (existing) rec.merge(existing, { text: `${existing.text ?? ""}\n${t}` });
      else {
        const kind = v.isApiErrorMessage === true ? "error" : "message";
        const a = rec.action(s, { key: str(v.uuid) ?? `assistant:${ctx.index}:${i}`, kind, at, actor, text: t, subagent });
        if (k) ctx.textActions.set(k, a);
      }
    } else if (blk.type === "tool_use") {
      const id = str(blk.id) && !String(blk.id).startsWith("[") ? String(blk.id) : null;
      const name = str(blk.name) ?? "unknown";
      const input = isObject(blk.input) ? blk.input : (blk.input ?? null);
      const existing = b.findCall(s, id);
      if (existing) return void rec.merge(existing);
      const command = SHELL_TOOLS.test(name) && isObject(input) && typeof input.command === "string" ? input.command : null;
      if ((name === "Task" || name === "Agent") && isObject(input) && typeof input.prompt === "string" && id)
        ctx.taskPrompts.set(input.prompt.trim(), id);
      rec.action(s, {
        key: id ?? `${str(v.uuid) ?? `assistant:${ctx.index}`}:${i}`,
        kind: "tool_call",
        at,
        actor,
        toolCallId: id,
        tool: name,
        input,
        command,
        text: isObject(input) ? str(input.description) : null,
        cwd: str(v.cwd),
        subagent,
        approval: modeApproval(ctx.mode, name, at),
      });
    }
  });
  if (!rec.isClaimed) rec.skip("assistant message without text or tool use");
}

/** Flat `tool_use` / `tool_result` records (seen in schema-drift fixtures). */
function readFlatTool(ctx: Ctx): void {
  const { b, rec, s, v } = ctx;
  const at = ctx.time(v);
  const name = str(v.name);
  if (v.type === "tool_use") {
    if (at === null) return rec.quarantine("timestamp: missing or not a timestamp");
    const input = isObject(v.input) ? v.input : null;
    const command = name && SHELL_TOOLS.test(name) && input && typeof input.command === "string" ? input.command : null;
    rec.action(s, {
      key: str(v.id) ?? str(v.uuid) ?? `tool:${ctx.index}`,
      kind: "tool_call",
      at,
      tool: name,
      input,
      command,
      toolCallId: str(v.id) ?? str(v.uuid),
      approval: modeApproval(ctx.mode, name ?? "", at),
    });
    return;
  }
  const call = b.findCall(s, str(v.tool_use_id)) ?? b.lastOpenCall(s, name);
  const output = contentText(v.output ?? v.content);
  if (call) rec.merge(call, { endedAt: at, output, isError: v.is_error === true, hasResult: true });
  else if (at === null) rec.quarantine("timestamp: missing or not a timestamp");
  else rec.action(s, { key: str(v.uuid) ?? `result:${ctx.index}`, kind: "tool_call", at, tool: name, output, hasResult: true });
}
