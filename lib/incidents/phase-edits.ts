import { z } from "zod";
import { parseIsoInstant } from "@/lib/events/time";
import { toIso as iso } from "@/lib/ids";
import { type Phase, PhaseName } from "./report-schema";

/**
 * Incident phases as the page shows them: the reconstruction's derived phases with the users' edits
 * (`incident_phase` rows) laid over them. Pure.
 */

export const PHASE_ORDER = PhaseName.options;

export const PHASE_LABEL: Record<PhaseName, string> = {
  trigger: "Trigger",
  first_impact: "First impact",
  detection: "Detection",
  mitigation: "Mitigation",
  recovery: "Recovery",
};

/** Earliest time a phase can be set to (CloudTrail and agent logs start long after). */
export const PHASE_TIME_MIN = Date.UTC(2000, 0, 1);
/** How far ahead of now a phase time may be entered (clock skew, time zones). */
export const PHASE_TIME_AHEAD_MS = 24 * 3600 * 1000;
/** Beyond this a stored value is not used at all (a page must render whatever is stored). */
const PHASE_TIME_STORED_MAX = Date.UTC(2200, 0, 1);

/** Why a phase time cannot be accepted, or null when it is in the sane range [2000-01-01, now + 1 day]. */
export function phaseTimeProblem(ms: number, now = Date.now()): string | null {
  if (!Number.isFinite(ms)) return "not a time";
  if (ms < PHASE_TIME_MIN) return "before 2000-01-01";
  if (ms > now + PHASE_TIME_AHEAD_MS) return "in the future";
  return null;
}

/** A stored time the page can use (any finite time between 2000 and 2200). */
function usableStoredTime(v: Date | string): number | null {
  const ms = new Date(v).getTime();
  return Number.isFinite(ms) && ms >= PHASE_TIME_MIN && ms < PHASE_TIME_STORED_MAX ? ms : null;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), "contains control characters")
    .nullish()
    .transform((s) => (s ? s : null));

/**
 * The body of a phase edit (POST /api/incidents/[id]/phases). `at` is an ISO instant or "YYYY-MM-DD HH:MM[:SS]"
 * (UTC, like the whole UI); it becomes epoch ms.
 */
export const PhaseEditInput = z
  .object({
    phase: PhaseName,
    at: z
      .string()
      .trim()
      .max(64)
      .transform((s, ctx) => {
        const ms = parseIsoInstant(s);
        if (ms === null) {
          ctx.addIssue({ code: "custom", message: "not a UTC time like 2025-12-09 02:42:03" });
          return z.NEVER;
        }
        const problem = phaseTimeProblem(ms);
        if (problem) {
          ctx.addIssue({ code: "custom", message: `${problem}: a phase time must be between 2000-01-01 and now` });
          return z.NEVER;
        }
        return ms;
      }),
    eventId: optionalText(256).refine((s) => s === null || /^[\x21-\x7e]+$/.test(s), "not an event id"),
    note: optionalText(2000),
    author: optionalText(200),
  })
  .strict();
export type PhaseEditInput = z.infer<typeof PhaseEditInput>;

/** A stored edit (incident_phase row) as the merge needs it. */
export interface PhaseEditRow {
  phase: string;
  at: Date | string;
  eventId: string | null;
  note: string | null;
  author: string | null;
  updatedAt: Date | string;
}

export interface PhaseView {
  phase: PhaseName;
  label: string;
  /** derived: from the reconstruction; edited: a user's value overrides it; missing: neither */
  source: "derived" | "edited" | "missing";
  /** ISO instant of the value shown (null when missing) */
  at: string | null;
  eventId: string | null;
  principalArn: string | null;
  evidence: string[];
  note: string | null;
  author: string | null;
  editedAt: string | null;
  /** the reconstruction's value, kept when an edit overrides it (to show and to reset to) */
  derived: Phase | null;
}

/** All five phases in order: an edit wins over the derived value; phases with neither are "missing". */
export function mergePhases(derived: readonly Phase[], edits: readonly PhaseEditRow[]): PhaseView[] {
  return PHASE_ORDER.map((name) => {
    const d = derived.find((p) => p.phase === name) ?? null;
    const e = edits.find((x) => x.phase === name) ?? null;
    const base = { phase: name, label: PHASE_LABEL[name], derived: d };
    if (e) {
      // A stored value out of range (from before validation, or written directly) is shown as unset, never used.
      const at = usableStoredTime(e.at);
      return {
        ...base,
        source: "edited" as const,
        at: at === null ? null : new Date(at).toISOString(),
        eventId: e.eventId,
        principalArn: null,
        evidence: [],
        note:
          at === null
            ? `stored time ${String(e.at).slice(0, 40)} is out of range; reset this phase${e.note ? ` (${e.note})` : ""}`
            : e.note,
        author: e.author,
        editedAt: iso(e.updatedAt),
      };
    }
    if (d)
      return {
        ...base,
        source: "derived" as const,
        at: d.at,
        eventId: d.eventId,
        principalArn: d.principalArn,
        evidence: d.evidence,
        note: null,
        author: null,
        editedAt: null,
      };
    return {
      ...base,
      source: "missing" as const,
      at: null,
      eventId: null,
      principalArn: null,
      evidence: [],
      note: null,
      author: null,
      editedAt: null,
    };
  });
}

/** Minutes between two phases when both are known (e.g. time to detect = detection − trigger). */
export function phaseGapMinutes(phases: readonly PhaseView[], from: PhaseName, to: PhaseName): number | null {
  const a = phases.find((p) => p.phase === from)?.at;
  const b = phases.find((p) => p.phase === to)?.at;
  if (!a || !b) return null;
  const d = (Date.parse(b) - Date.parse(a)) / 60_000;
  return Number.isFinite(d) ? d : null;
}
