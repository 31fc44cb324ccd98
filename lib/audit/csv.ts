import { type AuditRow, changeText, displayChanges } from "./row";

/**
 * Audit export rows (pure): CSV (RFC 4180, one header line) and JSONL (one object per line). Audit text can hold
 * attacker-chosen strings (a failed sign-in's email, a file name): CSV cells that a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR first) are prefixed with `'`.
 */
export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actor_type",
  "actor_id",
  "actor_label",
  "action",
  "target_type",
  "target_id",
  "changes",
  "before",
  "after",
  "ip",
  "user_agent",
] as const;

export function csvCell(v: string | null | undefined): string {
  if (v === null || v === undefined) return "";
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

export function auditCsvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
}

/** The diff as `path: before → after; …`. */
export function changesText(r: AuditRow): string {
  return displayChanges(r.diff)
    .map((c) => `${c.path || "(value)"}: ${changeText(c.before)} → ${changeText(c.after)}`)
    .join("; ");
}

export function auditCsvRow(r: AuditRow): string {
  const cells = [
    r.id,
    r.at,
    r.actorType,
    r.actorId,
    r.actorLabel,
    r.action,
    r.targetType,
    r.targetId,
    changesText(r),
    json(r.before),
    json(r.after),
    r.ip,
    r.userAgent,
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function auditJsonlRow(r: AuditRow): string {
  return `${JSON.stringify(r)}\n`;
}

export type AuditExportFormat = "csv" | "jsonl";

export function exportContentType(format: AuditExportFormat): string {
  return format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
}
