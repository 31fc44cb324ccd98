import type { RecordCtx } from "../builder";
import { isObject, num, str, tryJson } from "../jsonl";
import { commandFromArgv } from "../quote";
import { type CodexState, codexCall, codexText } from "./codex";

const CONTEXT_PREFIXES = [
  "<environment_context>",
  "<user_instructions>",
  "<permissions instructions>",
  "# AGENTS.md",
  "<INSTRUCTIONS>",
  "<user_shell_command>",
];
const SHELL_FUNCTIONS = new Set(["shell", "container.exec", "shell_command", "exec_command", "local_shell", "run_shell_command", "exec"]);

export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return isObject(content) && typeof content.text === "string" ? content.text : "";
  return content
    .map((c) => (typeof c === "string" ? c : isObject(c) && typeof c.text === "string" ? c.text : ""))
    .filter(Boolean)
    .join("\n");
}

/** Shell command line from Codex arguments: `command` array or string, or `cmd` (exec_command). */
export function codexCommand(args: unknown): string | null {
  if (!isObject(args)) return null;
  const c = args.command ?? args.cmd;
  if (typeof c === "string") return c;
  if (Array.isArray(c) && c.every((x) => typeof x === "string")) return commandFromArgv(c as string[]);
  return null;
}

/** A function_call_output's text and exit code (JSON `{output, metadata:{exit_code}}`, or "Exit code: N … Output:"). */
export function codexOutput(out: unknown): { text: string; exitCode: number | null } {
  if (typeof out !== "string") return { text: textOf(isObject(out) && "content" in out ? out.content : out), exitCode: null };
  const j = tryJson(out);
  if (isObject(j) && "output" in j) {
    const meta = isObject(j.metadata) ? j.metadata : {};
    return { text: String(j.output ?? ""), exitCode: num(meta.exit_code) };
  }
  const m = /^Exit code: (-?\d+)/m.exec(out);
  const body = /\nOutput:\n([\s\S]*)$/.exec(out);
  return { text: body ? body[1] : out, exitCode: m ? Number(m[1]) : null };
}

export function readCodexItem(st: CodexState, rec: RecordCtx, p: Record<string, unknown>, at: number | null, index: number): void {
  const type = String(p.type ?? "");
  const callId = str(p.call_id) ?? null;
  switch (type) {
    case "message": {
      const text = textOf(p.content);
      const role = str(p.role);
      if (role === "developer" || role === "system" || (role === "user" && CONTEXT_PREFIXES.some((x) => text.trimStart().startsWith(x))))
        return rec.meta(st.session());
      if (!text.trim()) return rec.skip("empty codex message");
      return codexText(st, rec, role === "user" ? "prompt" : "message", text, at, "item", str(p.id) ?? `message:${index}`);
    }
    case "reasoning": {
      const summary = Array.isArray(p.summary) ? textOf(p.summary) : "";
      if (!summary.trim() || at === null) return rec.skip("codex reasoning (no readable summary)");
      rec.action(st.session(), {
        key: str(p.id) ?? `reasoning:${index}`,
        kind: "message",
        at,
        actor: st.subagent ? "subagent" : "agent",
        text: `[reasoning] ${summary}`,
        subagent: st.subagent,
      });
      return;
    }
    case "function_call":
    case "custom_tool_call":
    case "local_shell_call": {
      const name = str(p.name) ?? (type === "local_shell_call" ? "local_shell" : "unknown");
      const rawArgs = type === "custom_tool_call" ? p.input : type === "local_shell_call" ? p.action : p.arguments;
      const args =
        typeof rawArgs === "string" ? (tryJson(rawArgs) ?? (type === "custom_tool_call" ? { input: rawArgs } : rawArgs)) : rawArgs;
      const isShell = SHELL_FUNCTIONS.has(name) || type === "local_shell_call";
      const command = isShell ? codexCommand(args) : null;
      const cwd = isObject(args) ? (str(args.workdir) ?? str(args.working_directory) ?? str(args.cwd)) : null;
      codexCall(
        st,
        rec,
        callId ?? str(p.id),
        at,
        { tool: name, input: args ?? null, command, cwd: cwd ?? st.session().cwd, text: isObject(args) ? str(args.justification) : null },
        `call:${index}`,
        true,
      );
      return;
    }
    case "function_call_output":
    case "custom_tool_call_output":
    case "tool_search_output": {
      const { text, exitCode } = codexOutput(p.output ?? (type === "tool_search_output" ? p.tools : null));
      const rejected = /rejected by user|aborted by user|user denied/i.test(text);
      const call = codexCall(st, rec, callId, at, {}, `output:${index}`);
      if (!call) return;
      rec.merge(call, {
        output: call.output ?? text,
        exitCode: call.exitCode ?? exitCode,
        isError: call.isError || (exitCode !== null && exitCode !== 0) || rejected,
        endedAt: call.endedAt ?? at,
        hasResult: true,
        approval: rejected ? { decision: "rejected", approver: null, source: "user", detail: text.slice(0, 200), at } : call.approval,
      });
      return;
    }
    case "tool_search_call":
    case "web_search_call":
    case "image_generation_call":
      codexCall(
        st,
        rec,
        callId ?? str(p.id),
        at,
        { tool: type.replace(/_call$/, ""), input: p.arguments ?? p.action ?? null },
        `call:${index}`,
      );
      return;
    case "tool_call": {
      const fn = isObject(p.function) ? str(p.function.name) : str(p.name);
      const args = typeof p.arguments === "string" ? (tryJson(p.arguments) ?? p.arguments) : p.arguments;
      codexCall(
        st,
        rec,
        callId,
        at,
        { tool: fn ?? "unknown", input: args ?? null, command: codexCommand(args), cwd: isObject(args) ? str(args.cwd) : null },
        `call:${index}`,
      );
      return;
    }
    case "tool_result": {
      const call = st.b.findCall(st.session(), callId) ?? st.b.lastOpenCall(st.session(), str(p.name));
      const r = isObject(p.result) ? p.result : null;
      const output = r ? [str(r.stdout), str(r.stderr)].filter(Boolean).join("\n") : textOf(p.result);
      const exitCode = r ? (num(r.exitCode) ?? num(r.exit_code)) : null;
      if (!call) return rec.skip("codex tool_result without its tool_call");
      rec.merge(call, { output, exitCode, isError: exitCode !== null && exitCode !== 0, endedAt: at, hasResult: true });
      return;
    }
    default:
      rec.skip(`codex response_item/${type || "?"}`);
  }
}
