import type { AgentActionInput, AgentSessionInput, ParsedCommand } from "@/lib/model/agent";
import { maxRisk, type RiskClass } from "@/lib/model/risk";
import {
  boundCommand,
  boundInput,
  boundJsonStrings,
  boundOutput,
  boundProse,
  boundText,
  LIMITS,
  sanitizeDeep,
  sanitizeString,
} from "./bound";
import type { DraftAction, LogBuilder, SessionDraft } from "./builder";
import { IdentityCollector } from "./identity";
import { redactDeep, redactSecrets } from "./redact";
import { parseShellCommandSync, shellParserError } from "./shell";
import { SHELL_TOOLS, toolRisk } from "./tool-risk";
import type { AgentLogFormat, AgentLogParseResult } from "./types";

/** Turn what a format reader collected into the returned result: redact, parse commands, classify, bound, sanitize. */
export function finalize(b: LogBuilder, format: AgentLogFormat | null): AgentLogParseResult {
  const shellError = shellParserError();
  if (shellError) b.notes.add(`shell parser unavailable (${shellError.message}); commands were split on whitespace`);
  let redactions = 0;
  const text = (s: string | null | undefined): string | null => {
    if (s === null || s === undefined) return null;
    const r = redactSecrets(String(s));
    redactions += r.count;
    return sanitizeString(r.text);
  };
  const deep = <T>(v: T): T => {
    const r = redactDeep(v);
    redactions += r.count;
    return sanitizeDeep(r.value) as T;
  };

  const sessions: AgentSessionInput[] = [...b.sessions.values()].map((s) => finalizeSession(s, text, deep));
  const quarantine = b.quarantine.map((q) => ({
    position: q.position,
    reason: sanitizeString(boundText(q.reason, 2000)),
    rawText: boundText(text(q.rawText) ?? "", LIMITS.quarantineText),
  }));
  const skipped = b.skipped.map((s) => ({ position: s.position, reason: sanitizeString(boundText(s.reason, 2000)) }));
  return { format, read: b.read, sessions, quarantine, skipped, redactions, notes: [...b.notes] };
}

type TextFn = (s: string | null | undefined) => string | null;
type DeepFn = <T>(v: T) => T;

function finalizeSession(s: SessionDraft, text: TextFn, deep: DeepFn): AgentSessionInput {
  const identity = new IdentityCollector();
  identity.stated(s.statedIdentity ? deep(s.statedIdentity) : null, "the log's session record");
  const actions = s.actions.map((a, seq) => finalizeAction(a, seq, text, deep, identity));
  const times = actions.flatMap((a) => [a.at, a.endedAt ?? a.at]);
  return {
    externalId: sanitizeString(s.externalId),
    kind: sanitizeString(s.kind),
    agentVersion: text(s.agentVersion),
    mode: text(s.mode),
    approvalPolicy: text(s.approvalPolicy),
    user: text(s.user),
    host: text(s.host),
    cwd: text(s.cwd),
    model: text(s.model),
    startedAt: s.startedAt ?? (times.length ? Math.min(...times) : null),
    endedAt: s.endedAt ?? (times.length ? Math.max(...times) : null),
    awsIdentity: identity.result(),
    metaRecords: s.metaRecords,
    actions,
  };
}

function finalizeAction(a: DraftAction, seq: number, text: TextFn, deep: DeepFn, identity: IdentityCollector): AgentActionInput {
  const command = text(a.command);
  const env = a.env ? deep(a.env) : null;
  let commands: ParsedCommand[] = [];
  if (a.presetCommands) commands = deep(a.presetCommands);
  else if (command?.trim()) commands = sanitizeDeep(parseShellCommandSync(command, { env: env ?? {} })) as ParsedCommand[];
  commands = boundJsonStrings(commands, LIMITS.inputString) as ParsedCommand[];
  const output = text(a.output);
  identity.action({ key: a.key, commands, output, env });

  let risk: RiskClass | null = null;
  if (a.kind === "tool_call") {
    if (commands.length > 0) risk = commands.reduce<RiskClass>((acc, c) => maxRisk(acc, c.risk), "read");
    else if (a.toolRisk) risk = a.toolRisk;
    else if (command !== null || (a.tool && SHELL_TOOLS.test(a.tool))) risk = command?.trim() ? "read" : "write";
    else risk = toolRisk(a.tool).risk;
  }

  return {
    key: sanitizeString(a.key),
    seq,
    kind: a.kind,
    at: Math.trunc(a.at),
    endedAt: a.endedAt === null ? null : Math.trunc(a.endedAt),
    actor: sanitizeString(a.actor),
    text: a.text === null ? null : boundProse(text(a.text) ?? ""),
    toolCallId: a.toolCallId === null ? null : sanitizeString(a.toolCallId),
    tool: a.tool === null ? null : sanitizeString(a.tool),
    command: command === null ? null : boundCommand(command),
    input: boundInput(a.input === undefined || a.input === null ? null : deep(a.input)),
    cwd: text(a.cwd),
    exitCode: a.exitCode === null || !Number.isFinite(a.exitCode) ? null : Math.trunc(a.exitCode),
    isError: a.isError,
    output: output === null ? null : boundOutput(output),
    approval: a.approval ? deep(a.approval) : null,
    commands,
    risk,
    subagent: a.subagent === null ? null : sanitizeString(a.subagent),
    recordIndex: a.recordIndex,
    recordCount: a.recordCount,
    raw: deep(a.raw),
  };
}
