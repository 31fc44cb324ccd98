import { LogBuilder } from "./builder";
import { detectAgentLogFormat, explainUnrecognisedAgentLog } from "./detect";
import { finalize } from "./finalize";
import { readAider } from "./formats/aider";
import { readCanonical } from "./formats/canonical";
import { readClaudeCode } from "./formats/claude-code";
import { readClaudeHeadless } from "./formats/claude-code-headless";
import { readClaudeWeb } from "./formats/claude-code-web";
import { readCline } from "./formats/cline";
import { readCodex } from "./formats/codex";
import { readCopilot } from "./formats/copilot";
import { readCursor } from "./formats/cursor";
import { readGemini } from "./formats/gemini";
import { readKiro } from "./formats/kiro";
import { readOpenCode } from "./formats/opencode";
import { readOpenHands } from "./formats/openhands";
import { readOtlpDocuments, readOtlpLogsJson, readOtlpTracesJson } from "./formats/otlp-reader";
import type { AgentLogFormat, AgentLogParseOptions, AgentLogParseResult } from "./types";

export { CANONICAL_EXAMPLE, CanonicalRecord } from "./canonical-schema";
export { detectAgentLogFormat, explainUnrecognisedAgentLog } from "./detect";
export { ciFromEnv, ciFromPath } from "./formats/claude-code-headless";
export { redactDeep, redactSecrets } from "./redact";
export { initShellParser, parseShellCommand, parseShellCommandSync, shellParserError } from "./shell";
export type { AgentLogFormat, AgentLogParseOptions, AgentLogParseResult, CiContext, IngestContext } from "./types";
export { AGENT_LOG_FORMATS } from "./types";

const HEAD_CHARS = 256 * 1024;

/**
 * Read one agent log file into sessions and actions. Never throws: unreadable records are quarantined, an unknown
 * format quarantines the whole file as one item. Synchronous: the shell parser's WASM is loaded by a top-level await
 * when this module is imported.
 */
export function parseAgentLog(text: string, opts: AgentLogParseOptions): AgentLogParseResult {
  const input = typeof text === "string" ? text : String(text ?? "");
  let format: AgentLogFormat | null = null;
  let b = new LogBuilder(opts.fileName, opts.fileTime ?? null);
  try {
    format = opts.format ?? detectAgentLogFormat(input.slice(0, HEAD_CHARS), opts.fileName);
    if (format === null)
      b.record({ index: 0, line: 1 }, input, input).quarantine(
        `unrecognised agent log format: ${explainUnrecognisedAgentLog(input.slice(0, HEAD_CHARS), opts.fileName)}`,
      );
    else read(format, input, b, opts);
  } catch (e) {
    b = new LogBuilder(opts.fileName, opts.fileTime ?? null);
    b.record({ index: 0, line: 1 }, input, input).quarantine(`internal error while reading ${format ?? "log"}: ${(e as Error).message}`);
  }
  return finalize(b, format);
}

type Reader = (text: string, b: LogBuilder, opts: AgentLogParseOptions) => void;

/** The reader of each format (a record: adding a format without its reader does not compile). */
const READERS: Record<AgentLogFormat, Reader> = {
  canonical: (t, b) => readCanonical(t, b),
  "claude-code": (t, b) => readClaudeCode(t, b),
  "claude-code-headless": (t, b, o) => readClaudeHeadless(t, b, o.context),
  "claude-code-web": (t, b) => readClaudeWeb(t, b),
  codex: (t, b) => readCodex(t, b),
  "claude-code-otel": (t, b) => readOtlpDocuments(t, b),
  "otel-genai": (t, b) => readOtlpDocuments(t, b),
  "gemini-cli": (t, b) => readGemini(t, b),
  "copilot-cli": (t, b) => readCopilot(t, b),
  cline: (t, b) => readCline(t, b),
  opencode: (t, b) => readOpenCode(t, b),
  openhands: (t, b) => readOpenHands(t, b),
  kiro: (t, b) => readKiro(t, b),
  cursor: (t, b) => readCursor(t, b),
  aider: (t, b) => readAider(t, b),
};

function read(format: AgentLogFormat, text: string, b: LogBuilder, opts: AgentLogParseOptions): void {
  const reader = READERS[format];
  if (!reader) throw new Error(`no reader for ${String(format)}`);
  reader(text, b, opts);
}

/** OTLP/JSON traces (`POST /v1/traces` body, already JSON-parsed): GenAI `execute_tool` spans and `claude_code.*` spans. */
export function parseOtlpTraces(json: unknown, opts: { fileName?: string } = {}): AgentLogParseResult {
  return parseOtlp(json, "otel-genai", opts.fileName ?? "otlp-traces", readOtlpTracesJson);
}

/** OTLP/JSON logs (`POST /v1/logs` body, already JSON-parsed): Claude Code `claude_code.*` events. */
export function parseOtlpLogs(json: unknown, opts: { fileName?: string } = {}): AgentLogParseResult {
  return parseOtlp(json, "claude-code-otel", opts.fileName ?? "otlp-logs", readOtlpLogsJson);
}

function parseOtlp(
  json: unknown,
  format: AgentLogFormat,
  fileName: string,
  reader: (json: unknown, b: LogBuilder) => void,
): AgentLogParseResult {
  let b = new LogBuilder(fileName);
  try {
    reader(json, b);
  } catch (e) {
    b = new LogBuilder(fileName);
    b.record({ index: 0, line: null }, json).quarantine(`internal error while reading OTLP: ${(e as Error).message}`);
  }
  return finalize(b, format);
}
