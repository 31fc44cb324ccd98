/**
 * How sessions and their actions are presented: approval status, how supervised a mode is, exit status. Pure, shared
 * by the session pages and the incident timeline.
 */

/** Modes in which the agent runs tools with no human in the loop. */
const UNSUPERVISED = new Set(["autopilot", "never", "bypass", "bypasspermissions", "yolo", "full-auto", "auto", "danger-full-access"]);

import { toIsoOrNull } from "@/lib/ids";

/** Modes where some calls run unasked (allow-lists, edits, on failure). */
const PARTIAL = new Set(["dontask", "acceptedits", "on-failure", "auto-edit", "trusted"]);

export type ModeLevel = "unsupervised" | "partial" | "supervised" | "unknown";

/** How much a session's mode lets the agent act alone. Unknown modes are "unknown", never assumed safe. */
export function modeLevel(mode: string | null | undefined): ModeLevel {
  if (!mode) return "unknown";
  const m = mode.trim().toLowerCase();
  if (UNSUPERVISED.has(m)) return "unsupervised";
  if (PARTIAL.has(m)) return "partial";
  if (["supervised", "on-request", "untrusted", "default", "ask", "plan", "manual"].includes(m)) return "supervised";
  return "unknown";
}

export const MODE_HINT: Record<ModeLevel, string> = {
  unsupervised: "tools run without asking anyone",
  partial: "some tools run without asking",
  supervised: "tools ask before running",
  unknown: "approval behaviour not known",
};

export type ApprovalState = "approved" | "rejected" | "none";
export type ApprovalSource = "user" | "config" | "policy" | "unknown";

export interface ApprovalView {
  state: ApprovalState;
  source: ApprovalSource | null;
  approver: string | null;
  detail: string | null;
  /** ISO instant of the decision, when the log has it */
  at: string | null;
  /** one line for the UI, e.g. "Approved by chen.wei", "Auto-approved by config allow-list", "No approval recorded" */
  label: string;
  /** a human decided (approved or rejected) */
  human: boolean;
}

export interface ApprovalColumns {
  approval: string | null;
  approver: string | null;
  approvalSource: string | null;
  approvalDetail: string | null;
  approvalAt: Date | string | null;
}

const asSource = (s: string | null): ApprovalSource | null =>
  s === "user" || s === "config" || s === "policy" || s === "unknown" ? s : s ? "unknown" : null;

/** The approval of one tool call as the UI states it. `approval` null = nothing recorded (the prominent case). */
export function approvalView(a: ApprovalColumns): ApprovalView {
  const source = asSource(a.approvalSource);
  const at = toIsoOrNull(a.approvalAt);
  const detail = a.approvalDetail || null;
  const base = { source, approver: a.approver, detail, at };
  if (a.approval !== "approved" && a.approval !== "rejected") {
    return { ...base, state: "none", source: null, label: "No approval recorded", human: false };
  }
  const verb = a.approval === "approved" ? "Approved" : "Rejected";
  if (source === "user") return { ...base, state: a.approval, label: `${verb} by ${a.approver ?? "the user"}`, human: true };
  if (source === "config")
    return {
      ...base,
      state: a.approval,
      label: `${a.approval === "approved" ? "Auto-approved" : "Auto-rejected"} by config allow-list`,
      human: false,
    };
  if (source === "policy")
    return {
      ...base,
      state: a.approval,
      label: `${a.approval === "approved" ? "Auto-approved" : "Auto-rejected"} by policy`,
      human: false,
    };
  return {
    ...base,
    state: a.approval,
    label: a.approver ? `${verb} by ${a.approver} (source unknown)` : `${verb} (source unknown)`,
    human: false,
  };
}

export type ExitView = { tone: "ok" | "bad" | "none"; label: string };

/** "exit 0", "exit 254", "error", or "no result". */
export function exitView(exitCode: number | null, isError: boolean): ExitView {
  if (exitCode !== null) return { tone: exitCode === 0 && !isError ? "ok" : "bad", label: `exit ${exitCode}` };
  if (isError) return { tone: "bad", label: "error" };
  return { tone: "none", label: "no exit status" };
}

/** The agent's own session id shortened for tables: long ids keep their head and tail. */
export function shortId(id: string, max = 28): string {
  if (id.length <= max) return id;
  const head = Math.ceil((max - 1) * 0.6);
  return `${id.slice(0, head)}…${id.slice(id.length - (max - 1 - head))}`;
}

/** Duration of a session in ms, null when an end is missing. */
export function sessionDurationMs(startedAt: string | null, endedAt: string | null): number | null {
  if (!startedAt || !endedAt) return null;
  const d = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(d) && d >= 0 ? d : null;
}

/**
 * A principal ARN for a narrow cell, person first: "chen.wei@example.com · AWSReservedSSO_Administrator…" for an
 * assumed role, the user name for an IAM user; other strings as they are.
 */
export function compactPrincipal(arn: string | null, roleMax = 28): string {
  if (!arn) return "—";
  const m = /^arn:[^:]*:(?:sts|iam)::[^:]*:(.+)$/.exec(arn);
  if (!m) return arn;
  const parts = m[1].split("/");
  if (parts[0] === "assumed-role" && parts.length >= 3) {
    const role = parts[1];
    const session = parts.slice(2).join("/");
    return `${session} · ${role.length > roleMax ? `${role.slice(0, roleMax - 1)}…` : role}`;
  }
  return parts.length > 1 ? parts.slice(1).join("/") : m[1];
}
