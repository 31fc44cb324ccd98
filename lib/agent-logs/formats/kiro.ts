import type { ParsedCommand } from "@/lib/model/agent";
import type { LogBuilder } from "../builder";
import { isObject, str } from "../jsonl";
import { quoteArgv } from "../quote";
import { parseAwsArgv } from "../shell/aws";

/**
 * Kiro CLI / Amazon Q Developer CLI conversation export (`/save`): `{conversation_id, history:[{user, assistant,
 * request_metadata}]}`. One record = one history entry. Times: the user turn's timestamp (the assistant's reply
 * carries none and is placed at the same time). `use_aws` calls become aws ParsedCommands.
 */
export function readKiro(text: string, b: LogBuilder): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    b.record({ index: 0, line: 1 }, text, text).quarantine(`invalid JSON: ${(e as Error).message}`);
    return;
  }
  if (!isObject(doc) || !Array.isArray(doc.history)) {
    b.record({ index: 0, line: null }, doc).quarantine("history: expected array");
    return;
  }
  const s = b.session(str(doc.conversation_id) ?? b.fileName, "kiro");
  s.model = isObject(doc.model) ? str(doc.model.model_id) : str(doc.model);
  let lastAt: number | null = null;
  doc.history.forEach((entry, index) => {
    const rec = b.record({ index, line: null }, entry);
    if (!isObject(entry)) return rec.quarantine("history[]: expected object");
    const user = isObject(entry.user) ? entry.user : null;
    const meta = isObject(entry.request_metadata) ? entry.request_metadata : {};
    const at = b.time(user?.timestamp) ?? b.time(meta.request_start_timestamp_ms) ?? lastAt;
    if (at === null) return rec.quarantine("user.timestamp: missing or not a timestamp");
    lastAt = at;
    const content = user && isObject(user.content) ? user.content : {};
    if (typeof content.Prompt === "string" || isObject(content.Prompt)) {
      const prompt = typeof content.Prompt === "string" ? content.Prompt : (str((content.Prompt as Record<string, unknown>).prompt) ?? "");
      rec.action(s, { key: `prompt:${index}`, kind: "prompt", at, actor: "user", text: prompt });
    }
    for (const r of Array.isArray(content.ToolUseResults) ? content.ToolUseResults : []) {
      if (!isObject(r)) continue;
      const call = b.findCall(s, str(r.tool_use_id));
      const output = (Array.isArray(r.content) ? r.content : [])
        .map((c) => (isObject(c) ? (str(c.Text) ?? (c.Json !== undefined ? JSON.stringify(c.Json) : "")) : ""))
        .filter(Boolean)
        .join("\n");
      if (call) rec.merge(call, { output, isError: r.status === "Error", endedAt: at, hasResult: true });
    }
    for (const c of Array.isArray(content.CancelledToolUses) ? content.CancelledToolUses : []) {
      const call = isObject(c) ? b.findCall(s, str(c.tool_use_id)) : undefined;
      if (call)
        rec.merge(call, {
          approval: { decision: "rejected", approver: null, source: "user", detail: "tool use cancelled", at },
          hasResult: true,
        });
    }
    const assistant = isObject(entry.assistant) ? entry.assistant : {};
    const turn = isObject(assistant.ToolUse) ? assistant.ToolUse : isObject(assistant.Response) ? assistant.Response : null;
    if (turn && str(turn.content))
      rec.action(s, { key: str(turn.message_id) ?? `message:${index}`, kind: "message", at, text: String(turn.content) });
    for (const [i, tu] of (turn && Array.isArray(turn.tool_uses) ? turn.tool_uses : []).entries()) {
      if (!isObject(tu)) continue;
      const id = str(tu.id);
      const name = str(tu.name) ?? str(tu.orig_name) ?? "unknown";
      const args = isObject(tu.args) ? tu.args : isObject(tu.orig_args) ? tu.orig_args : {};
      const preset = name === "use_aws" ? commandsOfUseAws(args) : null;
      rec.action(s, {
        key: id ?? `tool:${index}:${i}`,
        kind: "tool_call",
        at,
        toolCallId: id,
        tool: name,
        input: args,
        command: preset ? null : str(args.command),
        presetCommands: preset,
        text: str(args.summary) ?? str(args.label),
      });
    }
    if (!rec.isClaimed) rec.skip("history entry without prompt, reply or tool use");
  });
}

/** Kiro / Q `use_aws {service_name, operation_name, parameters, region, profile_name}` → an aws ParsedCommand. */
export function commandsOfUseAws(args: Record<string, unknown>): ParsedCommand[] | null {
  const service = str(args.service_name);
  const op = str(args.operation_name);
  if (!service || !op) return null;
  const argv = ["aws", service, op];
  for (const [k, v] of Object.entries(isObject(args.parameters) ? args.parameters : {})) {
    argv.push(`--${k}`);
    if (v !== true) argv.push(typeof v === "string" ? v : JSON.stringify(v));
  }
  if (str(args.region)) argv.push("--region", String(args.region));
  if (str(args.profile_name)) argv.push("--profile", String(args.profile_name));
  const inv = parseAwsArgv(argv, {});
  if (!inv) return null;
  return [
    {
      program: "aws",
      argv,
      env: {},
      risk: inv.risk,
      riskReason: `aws ${inv.service} ${inv.operation} (use_aws: ${quoteArgv(argv).slice(0, 200)})`,
      aws: { service: inv.service, operation: inv.operation, args: inv.args, profile: inv.profile, region: inv.region },
      terraform: null,
    },
  ];
}
