import type { LogBuilder, SessionDraft } from "../builder";
import { baseName } from "../jsonl";

/**
 * Aider chat history markdown (`.aider.chat.history.md`). Records are blocks: a `# aider chat started at` header,
 * a `####` user block, a `>` tool/system output block, or assistant prose. Only the session start has a time (local
 * time, no zone: read as UTC); every action of a session gets that time, in order.
 * `> Running <cmd>` lines are shell commands Aider ran; `#### /run cmd` and `#### !cmd` are user shell commands.
 */
type BlockKind = "header" | "user" | "output" | "assistant";

export function readAider(text: string, b: LogBuilder): void {
  const lines = text.split(/\r?\n/);
  const blocks: { kind: BlockKind; line: number; lines: string[] }[] = [];
  lines.forEach((raw, i) => {
    const kind: BlockKind | null = raw.startsWith("# aider chat started at ")
      ? "header"
      : raw.startsWith("####")
        ? "user"
        : raw.startsWith(">")
          ? "output"
          : raw.trim() === ""
            ? null
            : "assistant";
    if (kind === null) return;
    const last = blocks[blocks.length - 1];
    if (last && last.kind === kind && kind !== "header" && last.line + last.lines.length === i + 1) last.lines.push(raw);
    else blocks.push({ kind, line: i + 1, lines: [raw] });
  });
  let s: SessionDraft | null = null;
  let at: number | null = null;
  blocks.forEach((blk, index) => {
    const body = blk.lines.join("\n");
    const rec = b.record({ index, line: blk.line }, body, body);
    if (blk.kind === "header") {
      const stamp = body.slice("# aider chat started at ".length).trim();
      at = b.time(stamp);
      s = b.session(`${baseName(b.fileName)}#${stamp}`, "aider");
      s.startedAt = at;
      if (at === null) rec.quarantine("header: session start time not readable");
      else rec.meta(s);
      return;
    }
    if (!s || at === null) return rec.quarantine("block before any `# aider chat started at` header");
    const sess: SessionDraft = s;
    const clean = blk.lines
      .map((l) => l.replace(/^(####|>) ?/, "").replace(/ {2}$/, ""))
      .join("\n")
      .trim();
    if (blk.kind === "user") {
      const shell = /^(?:\/run\s+|!)([\s\S]+)$/.exec(clean);
      if (shell) rec.action(sess, { key: `run:${index}`, kind: "tool_call", at, actor: "user", tool: "run", command: shell[1].trim() });
      else rec.action(sess, { key: `prompt:${index}`, kind: "prompt", at, actor: "user", text: clean });
      return;
    }
    if (blk.kind === "assistant") return void rec.action(sess, { key: `message:${index}`, kind: "message", at, text: clean });
    const version = /^Aider (v[\w.-]+)/m.exec(clean)?.[1];
    const model = /^Main model: (\S+)/m.exec(clean)?.[1];
    if (version || model) {
      sess.agentVersion ??= version ?? null;
      sess.model ??= model ?? null;
    }
    const runs = [...clean.matchAll(/^Running (.+)$/gm)].map((m) => m[1]);
    if (runs.length) {
      for (const [i, cmd] of runs.entries())
        rec.action(sess, { key: `run:${index}:${i}`, kind: "tool_call", at: at!, tool: "run", command: cmd, output: clean });
      return;
    }
    if (version || model) return rec.meta(sess);
    if (!clean) return rec.skip("empty aider output block");
    rec.action(sess, { key: `output:${index}`, kind: "system", at, actor: "system", text: clean });
  });
}
