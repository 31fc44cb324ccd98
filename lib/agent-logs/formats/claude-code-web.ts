import type { LogBuilder } from "../builder";
import { isObject, str } from "../jsonl";
import { readClaudeEntries } from "./claude-code";

/**
 * Claude Code web / shared sessions: `{"loglines": [ … ]}`, the session as the Claude Code web API returns it (what
 * simonw/claude-code-transcripts' `web` command fetches). Each logline is a transcript entry of the JSONL format
 * (type user / assistant with message, uuid, timestamp), read by the Claude Code reader; the record index is the
 * logline's index.
 */
export function readClaudeWeb(text: string, b: LogBuilder): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    b.record({ index: 0, line: 1 }, text, text).quarantine(`invalid JSON: ${(e as Error).message}`);
    return;
  }
  if (!isObject(doc) || !Array.isArray(doc.loglines)) {
    b.record({ index: 0, line: 1 }, doc, text).quarantine('not a Claude Code web session: expected {"loglines": [...]}');
    return;
  }
  const sessionId = str(doc.session_id) ?? str(doc.sessionId) ?? str(doc.id);
  const entries = doc.loglines.map((value, index) => ({
    position: { index, line: null },
    ok: true,
    value: isObject(value) && sessionId && !("sessionId" in value) ? { ...value, sessionId } : value,
    text: JSON.stringify(value) ?? "",
    error: null,
  }));
  readClaudeEntries(entries, b, { kind: "claude-code" });
}
