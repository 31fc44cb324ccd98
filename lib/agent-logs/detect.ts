import { CanonicalRecord } from "./canonical-schema";
import { baseName, isObject, readJsonLines, str } from "./jsonl";
import type { AgentLogFormat } from "./types";

const CODEX_TYPES = new Set(["session_meta", "response_item", "event_msg", "turn_context", "compacted"]);
const CLAUDE_BOOKKEEPING = new Set(["file-history-snapshot", "queue-operation", "permission-mode", "last-prompt"]);
const COPILOT_TYPE = /^(session|user|assistant|tool|hook|subagent|system|skill|permission|abort)\.[a-z_]+$|^abort$/;

type Obj = Record<string, unknown>;

/** Readers that read a file line by line (JSONL). */
const LINE_FORMATS = new Set<AgentLogFormat>(["canonical", "codex", "claude-code", "copilot-cli", "cursor"]);

/**
 * How a file is laid out, which decides which readers may read it: line-based readers (JSONL) only get files whose
 * lines are whole JSON objects; a pretty-printed JSON document is never torn into lines.
 */
type Shape = { kind: "document"; value: unknown } | { kind: "jsonl"; objects: Obj[] } | { kind: "pretty"; text: string } | null;

/**
 * Which agent-log format a file is, from its first bytes (`head`, e.g. the first 256 KB) and its name.
 * Null when it is none of the known ones (see {@link explainUnrecognisedAgentLog} for why).
 */
export function detectAgentLogFormat(head: string, fileName: string): AgentLogFormat | null {
  const name = baseName(fileName).toLowerCase();
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (/^\s*# aider chat started at /m.test(text.slice(0, 4096)) || name.endsWith(".aider.chat.history.md")) return "aider";
  const shape = shapeOf(text);
  if (!shape) return null;
  if (shape.kind === "document") {
    const f = fromDocument(shape.value, name);
    // a pretty-printed document is never given to a line-based reader
    return f && LINE_FORMATS.has(f) && text.trim().includes("\n") ? null : f;
  }
  if (shape.kind === "jsonl") return fromRecords(shape.objects, name);
  return sniffPretty(shape.text, name);
}

function shapeOf(text: string): Shape {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return null;
  try {
    return { kind: "document", value: JSON.parse(trimmed) };
  } catch {
    // a JSONL file, or a document longer than the head
  }
  const lines = readJsonLines(trimmed).slice(0, 60);
  const objects = lines.filter((l) => l.ok && isObject(l.value)).map((l) => l.value as Obj);
  if (lines.length > 0 && lines[0].ok && isObject(lines[0].value)) return { kind: "jsonl", objects };
  const firstLine = trimmed.slice(0, Math.max(0, trimmed.indexOf("\n"))).trim();
  // `[` / `{` alone or `{"key": …` cut at a newline: a pretty-printed document (cut by the head)
  if (/^[[{]\s*$/.test(firstLine) || /^[[{]\s*"[^"]*"\s*:\s*[[{]?\s*$/.test(firstLine) || firstLine === "")
    return { kind: "pretty", text: trimmed };
  // the first line is longer than the head, or is broken: JSONL when most lines parse
  if (objects.length >= 2 && objects.length * 2 > lines.length) return { kind: "jsonl", objects };
  return { kind: "pretty", text: trimmed };
}

const isHeadless = (o: Obj): boolean =>
  typeof o.session_id === "string" &&
  !("sessionId" in o) &&
  ((o.type === "system" && o.subtype === "init") ||
    ((o.type === "assistant" || o.type === "user") && isObject(o.message)) ||
    (o.type === "result" && ("subtype" in o || "is_error" in o)));

const isGeminiLogEntry = (o: Obj): boolean =>
  typeof o.sessionId === "string" && "messageId" in o && typeof o.type === "string" && typeof o.message === "string";

const isGeminiConversation = (o: Obj): boolean =>
  typeof o.sessionId === "string" && Array.isArray(o.messages) && ("projectHash" in o || "startTime" in o);

const isGeminiJsonlHeader = (o: Obj): boolean =>
  typeof o.sessionId === "string" && "projectHash" in o && "startTime" in o && !("messages" in o);

const isGeminiJsonlMessage = (o: Obj): boolean =>
  typeof o.id === "string" &&
  typeof o.timestamp === "string" &&
  (o.type === "gemini" || o.type === "user" || o.type === "info") &&
  "content" in o;

const isCopilot = (o: Obj): boolean => typeof o.type === "string" && COPILOT_TYPE.test(o.type) && isObject(o.data) && "id" in o;

const isClineUi = (o: Obj): boolean => typeof o.ts === "number" && (o.type === "ask" || o.type === "say") && ("ask" in o || "say" in o);

const isClineApi = (o: Obj): boolean => (o.role === "user" || o.role === "assistant") && "content" in o && !("message" in o);

function fromDocument(value: unknown, name: string): AgentLogFormat | null {
  if (Array.isArray(value)) {
    const objects = value.filter(isObject).slice(0, 200);
    if (objects.length === 0) return null;
    if (objects.some(isHeadless)) return "claude-code-headless";
    if (objects.every(isGeminiLogEntry)) return "gemini-cli";
    if (objects.some(isClineUi) && objects.every((o) => typeof o.ts === "number")) return "cline";
    if (name === "api_conversation_history.json" && objects.every(isClineApi)) return "cline";
    if (objects.some((o) => ("action" in o || "observation" in o) && "source" in o)) return "openhands";
    return null;
  }
  if (!isObject(value)) return null;
  if (Array.isArray(value.loglines)) return "claude-code-web";
  if (isObject(value.opencodeStorage)) return "opencode";
  if (isGeminiConversation(value)) return "gemini-cli";
  if (isHeadless(value)) return "claude-code-headless";
  return fromRecords([value], name);
}

function fromRecords(objects: Obj[], name: string): AgentLogFormat | null {
  const first = objects[0];
  if (!first) return null;
  if ("resourceSpans" in first) return "otel-genai";
  if ("resourceLogs" in first) return "claude-code-otel";
  if (Array.isArray(first.events) && objects.length === 1) return sniffEvents(JSON.stringify(first).slice(0, 20000));
  if (typeof first.conversation_id === "string" && Array.isArray(first.history)) return "kiro";
  if (Array.isArray(first.history) && ("instruction" in first || "issue" in first)) return "openhands";
  if (objects.some((o) => CanonicalRecord.safeParse(o).success)) return "canonical";
  if (objects.some((o) => typeof o.type === "string" && CODEX_TYPES.has(o.type) && isObject(o.payload)) || /^rollout-.*\.jsonl$/.test(name))
    return "codex";
  if (objects.some(isHeadless)) return "claude-code-headless";
  if (isGeminiJsonlHeader(first) || (objects.some(isGeminiJsonlMessage) && objects.some((o) => "$set" in o || o.type === "gemini")))
    return "gemini-cli";
  if (objects.some(isCopilot) && objects.filter(isCopilot).length * 2 >= objects.length) return "copilot-cli";
  const claude = objects.some(
    (o) =>
      ((o.type === "user" || o.type === "assistant") &&
        isObject(o.message) &&
        "content" in o.message &&
        ("sessionId" in o || "uuid" in o || "parentUuid" in o)) ||
      (o.type === "summary" && "leafUuid" in o) ||
      (typeof o.type === "string" && CLAUDE_BOOKKEEPING.has(o.type) && ("sessionId" in o || "messageId" in o)),
  );
  if (claude) return "claude-code";
  const cursor = objects.every(
    (o) =>
      ((o.role === "user" || o.role === "assistant") && isObject(o.message) && Array.isArray(o.message.content) && !("timestamp" in o)) ||
      o.type === "turn_ended",
  );
  if (cursor && objects.some((o) => o.role !== undefined)) return "cursor";
  return null;
}

function sniffEvents(text: string): AgentLogFormat | null {
  return /claude_code|"session\.id"/.test(text) ? "claude-code-otel" : null;
}

/** Pretty-printed JSON documents longer than the head, by their keys. Never a line-based format. */
function sniffPretty(text: string, name: string): AgentLogFormat | null {
  if (/"resourceSpans"\s*:/.test(text)) return "otel-genai";
  if (/"resourceLogs"\s*:/.test(text)) return "claude-code-otel";
  if (/^\{\s*"events"\s*:\s*\[/.test(text)) return sniffEvents(text);
  if (/^\{\s*"loglines"\s*:\s*\[/.test(text)) return "claude-code-web";
  if (/^\{\s*"opencodeStorage"\s*:/.test(text)) return "opencode";
  if (/"conversation_id"\s*:/.test(text) && /"history"\s*:/.test(text)) return "kiro";
  if (
    text.startsWith("{") &&
    /"sessionId"\s*:/.test(text) &&
    /"messages"\s*:\s*\[/.test(text) &&
    /"(projectHash|startTime)"\s*:/.test(text)
  )
    return "gemini-cli";
  if (text.startsWith("[") && /"sessionId"\s*:/.test(text) && /"messageId"\s*:/.test(text) && /"message"\s*:/.test(text))
    return "gemini-cli";
  if (text.startsWith("[") && /"session_id"\s*:/.test(text) && /"type"\s*:\s*"(system|assistant|user|result)"/.test(text))
    return "claude-code-headless";
  if (text.startsWith("[") && /"ts"\s*:\s*\d/.test(text) && /"type"\s*:\s*"(ask|say)"/.test(text)) return "cline";
  if (text.startsWith("[") && name === "api_conversation_history.json") return "cline";
  if (text.startsWith("[") && /"(action|observation)"\s*:/.test(text) && /"source"\s*:/.test(text)) return "openhands";
  return null;
}

/** What each agent-log format needs, for the reason an unrecognised file gives. */
const NEEDS: [AgentLogFormat | string, string][] = [
  ["claude-code", 'JSONL lines of type "user"/"assistant" with message and sessionId/uuid'],
  ["claude-code-headless", 'stream-json / json output: type "system" (init), "assistant", "user" or "result" with session_id'],
  ["claude-code-web", 'a {"loglines": […]} document'],
  ["codex", "JSONL of session_meta / response_item / event_msg / turn_context records with payload"],
  [
    "gemini-cli",
    "a chat session {sessionId, projectHash, messages[]}, its JSONL form, or a logs.json array of {sessionId, messageId, type, message}",
  ],
  ["copilot-cli", 'events.jsonl lines {type: "session.start"|"tool.execution_start"|…, data, id}'],
  ["opencode", "a storage directory (session/, message/, part/) ingested as a whole"],
  ["cline", "a task's ui_messages.json ([{ts, type: ask|say}]) or api_conversation_history.json"],
  ["canonical", "Aftermath canonical JSONL (session_start, tool_call, …)"],
  ["claude-code-otel / otel-genai", "OTLP/JSON resourceLogs / resourceSpans"],
  ["openhands / kiro / cursor / aider", "their trajectories, /save exports, agent transcripts, .aider.chat.history.md"],
];

/** Formats we know of but do not read, recognised by their keys. */
function knownUnsupported(value: unknown, name: string): string | null {
  const o = Array.isArray(value) ? value.find(isObject) : value;
  if (!isObject(o)) return null;
  if ((typeof o.messageID === "string" && typeof o.type === "string") || /^prt_/.test(String(o.id ?? "")) || /^prt_/.test(name))
    return "looks like an OpenCode storage part file (part/<message>/<part>.json): ingest the storage directory that holds session/, message/ and part/";
  if (typeof o.sessionID === "string" && (o.role === "user" || o.role === "assistant") && isObject(o.time))
    return "looks like an OpenCode storage message file (message/<session>/<msg>.json): ingest the storage directory that holds session/, message/ and part/";
  if (typeof o.projectID === "string" && typeof o.directory === "string" && isObject(o.time))
    return "looks like an OpenCode storage session file (session/<project>/<id>.json): ingest the storage directory that holds session/, message/ and part/";
  if (/^(ses|msg)_/.test(name) && isObject(o.time))
    return "looks like an OpenCode storage file (session/, message/ or part/ JSON): ingest the storage directory that holds them";
  if (str(o.sessionId) && Array.isArray(o.messages)) return "looks like a Gemini CLI chat without projectHash/startTime";
  return null;
}

/** Why a JSON file is none of the agent-log formats: what it looks like and what each format needs. */
export function explainUnrecognisedAgentLog(head: string, fileName: string): string {
  const text = head.replace(/^\uFEFF/, "").trimStart();
  const name = baseName(fileName).toLowerCase();
  const shape = shapeOf(text);
  let looks = "not JSON";
  let hint: string | null = null;
  if (shape?.kind === "document") {
    const v = shape.value;
    looks = Array.isArray(v)
      ? `a JSON array of ${v.length} element(s)${isObject(v[0]) ? ` with keys ${keysOf(v[0])}` : ""}`
      : isObject(v)
        ? `a JSON object with keys ${keysOf(v)}`
        : "a JSON scalar";
    hint = knownUnsupported(v, name);
  } else if (shape?.kind === "jsonl") {
    looks = `JSONL whose first record has keys ${keysOf(shape.objects[0])}`;
    hint = knownUnsupported(shape.objects[0], name);
  } else if (shape?.kind === "pretty") looks = "a JSON document longer than the detection window, without the keys of any known format";
  const tried = NEEDS.map(([f, need]) => `${f} (${need})`).join("; ");
  return `${hint ? `${hint}. ` : ""}It is ${looks}. Agent-log formats tried, each needs: ${tried}`;
}

function keysOf(o: Obj | undefined): string {
  if (!o) return "{}";
  const keys = Object.keys(o);
  return `{${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}}`;
}
