import type { LogBuilder } from "../builder";
import { baseName, isObject, readJsonLines, str } from "../jsonl";
import { SHELL_TOOLS } from "../tool-risk";
import { contentText } from "./claude-code";

/**
 * Cursor agent transcripts (`{role, message:{content:[…]}}` per line). They carry no timestamps and no session id:
 * the session is the file name, and records get `opts.fileTime` (else they are quarantined, saying so).
 */
export function readCursor(text: string, b: LogBuilder): void {
  const s = b.session(baseName(b.fileName, /\.jsonl$/), "cursor");
  if (b.fileTime === null) b.notes.add("Cursor transcripts have no timestamps: pass fileTime to keep their records");
  else b.notes.add("Cursor transcripts have no timestamps: every record was given the file time");
  for (const l of readJsonLines(text)) {
    const rec = b.record({ index: l.index, line: l.line }, l.ok ? l.value : l.text, l.text);
    const v = l.value;
    if (!l.ok) rec.quarantine(`invalid JSON: ${l.error}`);
    else if (!isObject(v)) rec.quarantine("record is not a JSON object");
    else if (v.type === "turn_ended") rec.meta(s);
    else if (!isObject(v.message) || !Array.isArray(v.message.content)) rec.quarantine("message.content: expected array");
    else if (b.fileTime === null) rec.quarantine("timestamp: Cursor transcripts have none (pass fileTime)");
    else {
      const at = b.fileTime;
      const role = v.role === "user" ? "user" : "agent";
      const blocks = v.message.content.filter(isObject);
      const texts = blocks
        .filter((x) => x.type === "text" && typeof x.text === "string")
        .map((x) => String(x.text).replace(/^<user_query>\n?|\n?<\/user_query>$/g, ""));
      if (texts.length)
        rec.action(s, { key: `${role}:${l.index}`, kind: role === "user" ? "prompt" : "message", at, actor: role, text: texts.join("\n") });
      blocks.forEach((blk, i) => {
        if (blk.type === "tool_use" || blk.type === "tool_call") {
          const name = str(blk.name) ?? "unknown";
          const input = isObject(blk.input) ? blk.input : null;
          rec.action(s, {
            key: str(blk.id) ?? `tool:${l.index}:${i}`,
            kind: "tool_call",
            at,
            toolCallId: str(blk.id),
            tool: name,
            input,
            command: SHELL_TOOLS.test(name) && input && typeof input.command === "string" ? input.command : null,
            text: input ? str(input.description) : null,
          });
        } else if (blk.type === "tool_result" || blk.type === "tool-result") {
          const call = b.findCall(s, str(blk.tool_use_id)) ?? b.lastOpenCall(s, str(blk.name));
          if (call) rec.merge(call, { output: contentText(blk.content), isError: blk.is_error === true, hasResult: true });
        }
      });
      if (!rec.isClaimed) rec.skip("cursor record without text or tool use");
    }
    rec.done();
  }
}
