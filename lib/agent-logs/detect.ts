import { CanonicalRecord } from "./canonical-schema";
import { baseName, isObject, readJsonLines } from "./jsonl";
import type { AgentLogFormat } from "./types";

const CODEX_TYPES = new Set(["session_meta", "response_item", "event_msg", "turn_context", "compacted"]);
const CLAUDE_BOOKKEEPING = new Set(["file-history-snapshot", "queue-operation", "permission-mode", "last-prompt"]);

/**
 * Which agent-log format a file is, from its first bytes (`head`, e.g. the first 256 KB) and its name.
 * Null when it is none of the known ones.
 */
export function detectAgentLogFormat(head: string, fileName: string): AgentLogFormat | null {
  const name = baseName(fileName).toLowerCase();
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (/^\s*# aider chat started at /m.test(text.slice(0, 4096)) || name.endsWith(".aider.chat.history.md")) return "aider";
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return null;

  const lines = readJsonLines(text).slice(0, 60);
  const objects = lines.filter((l) => l.ok && isObject(l.value)).map((l) => l.value as Record<string, unknown>);
  if (objects.length > 0 && lines[0].ok) return detectFromRecords(objects, name);
  return sniff(trimmed, name);
}

function detectFromRecords(objects: Record<string, unknown>[], name: string): AgentLogFormat | null {
  const first = objects[0];
  if ("resourceSpans" in first) return "otel-genai";
  if ("resourceLogs" in first) return "claude-code-otel";
  if (Array.isArray(first.events) && objects.length === 1) return sniffEvents(JSON.stringify(first).slice(0, 20000));
  if (typeof first.conversation_id === "string" && Array.isArray(first.history)) return "kiro";
  if (Array.isArray(first.history) && ("instruction" in first || "issue" in first)) return "openhands";
  if (objects.some((o) => CanonicalRecord.safeParse(o).success)) return "canonical";
  if (objects.some((o) => typeof o.type === "string" && CODEX_TYPES.has(o.type) && isObject(o.payload)) || /^rollout-.*\.jsonl$/.test(name))
    return "codex";
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

/** Pretty-printed JSON documents (and JSONL whose first line is longer than the head) by their keys. */
function sniff(text: string, name: string): AgentLogFormat | null {
  if (/"resourceSpans"\s*:/.test(text)) return "otel-genai";
  if (/"resourceLogs"\s*:/.test(text)) return "claude-code-otel";
  if (/^\{\s*"events"\s*:\s*\[/.test(text)) return sniffEvents(text);
  if (/"conversation_id"\s*:/.test(text) && /"history"\s*:/.test(text)) return "kiro";
  if (text.startsWith("[") && /"(action|observation)"\s*:/.test(text) && /"source"\s*:/.test(text)) return "openhands";
  if (/"type"\s*:\s*"(session_meta|response_item|event_msg|turn_context)"/.test(text) || /^rollout-.*\.jsonl$/.test(name)) return "codex";
  if (/"sessionId"\s*:/.test(text) && /"type"\s*:\s*"(user|assistant|summary)"/.test(text) && /"message"\s*:/.test(text))
    return "claude-code";
  return null;
}
