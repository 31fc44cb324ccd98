import type { LogBuilder } from "../builder";
import { CANONICAL_TYPES, CanonicalRecord } from "../canonical-schema";
import { isObject, readJsonLines } from "../jsonl";

/** Canonical Aftermath JSONL (see canonical-schema.ts). Session kind = `agent` of its session_start. */
export function readCanonical(text: string, b: LogBuilder): void {
  for (const l of readJsonLines(text)) {
    const rec = b.record({ index: l.index, line: l.line }, l.ok ? l.value : l.text, l.text);
    if (!l.ok) {
      rec.quarantine(`invalid JSON: ${l.error}`);
      continue;
    }
    if (!isObject(l.value)) {
      rec.quarantine("record is not a JSON object");
      continue;
    }
    const type = l.value.type;
    if (typeof type !== "string" || !(CANONICAL_TYPES as readonly string[]).includes(type)) {
      rec.quarantine(typeof type === "string" ? `type: unknown canonical record type ${JSON.stringify(type)}` : "type: missing");
      continue;
    }
    const parsed = CanonicalRecord.safeParse(l.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rec.quarantine(`${type}.${issue.path.join(".") || "(record)"}: ${issue.message}`);
      continue;
    }
    const r = parsed.data;
    const s = b.session(r.sessionId, "canonical");
    switch (r.type) {
      case "session_start":
        s.kind = r.agent;
        s.agentVersion = r.agentVersion ?? s.agentVersion;
        s.mode = r.mode;
        s.approvalPolicy = r.mode;
        s.user = r.user ?? s.user;
        s.host = r.host ?? s.host;
        s.cwd = r.cwd ?? s.cwd;
        s.model = r.model ?? s.model;
        s.startedAt = b.time(r.startedAt);
        s.statedIdentity = r.awsIdentity
          ? Object.fromEntries(Object.entries(r.awsIdentity).filter(([, v]) => typeof v === "string"))
          : null;
        rec.meta(s);
        break;
      case "session_end":
        s.endedAt = b.time(r.at);
        rec.meta(s);
        break;
      case "prompt":
        rec.action(s, { key: `prompt:${l.index}`, kind: "prompt", at: b.time(r.at)!, actor: "user", text: r.text });
        break;
      case "plan":
        rec.action(s, { key: `plan:${l.index}`, kind: "plan", at: b.time(r.at)!, actor: "agent", text: r.text });
        break;
      case "tool_call": {
        const existing = b.findCall(s, r.toolCallId);
        const fields = {
          tool: r.tool,
          command: r.command ?? null,
          input: r.input ?? null,
          cwd: r.cwd ?? s.cwd,
          env: r.env ?? null,
          at: b.time(r.at)!,
        };
        if (existing) rec.merge(existing, fields);
        else rec.action(s, { key: r.toolCallId, kind: "tool_call", toolCallId: r.toolCallId, actor: "agent", ...fields });
        break;
      }
      case "approval": {
        const approval = { decision: r.decision, approver: r.approver, source: r.source ?? "user", detail: null, at: b.time(r.at) };
        const call =
          b.findCall(s, r.toolCallId) ??
          rec.action(s, { key: r.toolCallId, kind: "tool_call", toolCallId: r.toolCallId, at: b.time(r.at)! });
        rec.merge(call, { approval });
        break;
      }
      case "tool_result": {
        const call =
          b.findCall(s, r.toolCallId) ??
          rec.action(s, { key: r.toolCallId, kind: "tool_call", toolCallId: r.toolCallId, at: b.time(r.at)! });
        const output = [r.output, r.error].filter((x): x is string => typeof x === "string" && x.length > 0).join("\n") || null;
        rec.merge(call, {
          endedAt: b.time(r.at),
          exitCode: r.exitCode ?? null,
          output,
          isError: (r.exitCode !== null && r.exitCode !== undefined && r.exitCode !== 0) || !!r.error,
          hasResult: true,
        });
        break;
      }
    }
    rec.done();
  }
}
