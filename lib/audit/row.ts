import type { JsonChange } from "./diff";

/** One audit row as pages and exports see it (pure, JSON-safe). */
export type AuditRow = {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  diff: JsonChange[];
  ip: string | null;
  userAgent: string | null;
};

export type AuditModel = {
  id: bigint;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  diff: unknown;
  ip: string | null;
  userAgent: string | null;
};

function isChangeList(x: unknown): x is JsonChange[] {
  return Array.isArray(x) && x.every((c) => typeof c === "object" && c !== null && typeof (c as JsonChange).path === "string");
}

export function auditRow(m: AuditModel): AuditRow {
  return {
    id: m.id.toString(),
    at: m.at.toISOString(),
    actorType: m.actorType,
    actorId: m.actorId,
    actorLabel: m.actorLabel,
    action: m.action,
    targetType: m.targetType,
    targetId: m.targetId,
    before: m.before ?? null,
    after: m.after ?? null,
    diff: isChangeList(m.diff) ? m.diff : [],
    ip: m.ip,
    userAgent: m.userAgent,
  };
}

/** A change's value as one line of text (for the page and CSV). */
export function changeText(v: unknown): string {
  if (v === null || v === undefined) return "∅";
  if (typeof v === "string") return JSON.stringify(v);
  return JSON.stringify(v);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * The changes to show: a whole object created from nothing (or removed) is listed key by key, so a create reads
 * `name: ∅ → "ci"` rather than one long JSON line.
 */
export function displayChanges(diff: JsonChange[]): JsonChange[] {
  return diff.flatMap((c) => {
    const prefix = c.path ? `${c.path}.` : "";
    if (c.before == null && isObject(c.after))
      return Object.entries(c.after)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => ({ path: `${prefix}${k}`, before: null, after: v }));
    if (c.after == null && isObject(c.before))
      return Object.entries(c.before)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => ({ path: `${prefix}${k}`, before: v, after: null }));
    return [c];
  });
}
