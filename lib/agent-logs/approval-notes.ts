/**
 * What each agent's log records about approvals, so a session page can say why an approval is "unknown" instead of
 * leaving a blank. Keyed by session kind.
 */
export const APPROVAL_NOTES: Record<string, string> = {
  "claude-code":
    "Claude Code transcripts record refusals (“The user doesn't want to proceed…”) but not each approval. An approval is shown only where the permission mode decides (bypassPermissions, dontAsk, acceptEdits for edits), where OpenTelemetry tool_decision events say who decided, or — in headless (-p) runs — where a call ran although no one could be asked (the permission settings allowed it).",
  codex:
    "Codex rollouts record the approval policy, not each decision. Under never / on-failure, and for sandboxed calls under on-request, the policy approved; a call that asked for escalation counts as approved by the user only when its output shows it ran, and as rejected when the turn was aborted while it waited. Under untrusted the rollout does not say whether Codex asked.",
  gemini:
    "Gemini CLI chat files record a declined confirmation (the call ends “cancelled”) but not who approved a call that ran: the confirmation prompt, an allow-listed tool or --yolo.",
  copilot:
    "Copilot CLI events.jsonl has the decision only when permission events are in the file; otherwise it does not say whether the user or --allow-tool / --allow-all-tools let a call run.",
  cline:
    "Cline records an auto-approved command as “say: command” and one it asked about as “ask: command”: asked-then-ran counts as approved by the user, asked-then-feedback as declined; other asked calls are unknown.",
  "roo-code":
    "Roo Code records an auto-approved command as “say: command” and one it asked about as “ask: command”: asked-then-ran counts as approved by the user, asked-then-feedback as declined; other asked calls are unknown.",
  otel: "OpenTelemetry GenAI spans carry no approval; only Claude Code's tool_decision events (OTLP logs) say who decided.",
};

export const DEFAULT_APPROVAL_NOTE = "This log format does not record who approved its tool calls.";

export function approvalNote(kind: string): string {
  return APPROVAL_NOTES[kind] ?? DEFAULT_APPROVAL_NOTE;
}
