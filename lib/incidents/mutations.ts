import "server-only";
import { recordAudit } from "@/lib/audit/mutations";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import type { RequestMeta } from "@/lib/http/route";
import { isUuid } from "@/lib/ids";
import type { PhaseEditInput } from "./phase-edits";
import type { PhaseName } from "./report-schema";

/** Writes of incident data users own (phase edits); each with its audit row in the same transaction. */

/** Stores a user's value for one phase (insert or replace). False when the incident does not exist. */
export async function upsertPhaseEdit(store: Store, incidentId: string, edit: PhaseEditInput, by?: PhaseEditAuthor): Promise<boolean> {
  if (!isUuid(incidentId)) return false;
  return store.prisma.$transaction(async (tx) => {
    const exists = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
    if (!exists) return false;
    const author = by?.actor.kind === "user" ? by.actor.email : edit.author;
    const data = { at: new Date(edit.at), eventId: edit.eventId, note: edit.note, author };
    const before = await tx.incidentPhase.findUnique({ where: { incidentId_phase: { incidentId, phase: edit.phase } } });
    await tx.incidentPhase.upsert({
      where: { incidentId_phase: { incidentId, phase: edit.phase } },
      create: { incidentId, phase: edit.phase, ...data },
      update: data,
    });
    if (by)
      await recordAudit(tx, {
        actor: by.actor,
        action: "phase.edit",
        targetType: "incident",
        targetId: incidentId,
        before: before && { phase: before.phase, at: before.at, eventId: before.eventId, note: before.note },
        after: { phase: edit.phase, at: data.at, eventId: data.eventId, note: data.note },
        meta: by.meta,
      });
    return true;
  });
}

/** Who made a phase edit, for its audit row (the route passes its actor; omitted by scripts and tests). */
export type PhaseEditAuthor = { actor: Actor; meta?: RequestMeta };

/** Drops a user's edit so the derived value shows again. Returns whether an edit was removed. */
export async function resetPhaseEdit(store: Store, incidentId: string, phase: PhaseName, by?: PhaseEditAuthor): Promise<boolean> {
  if (!isUuid(incidentId)) return false;
  return store.prisma.$transaction(async (tx) => {
    const before = await tx.incidentPhase.findUnique({ where: { incidentId_phase: { incidentId, phase } } });
    if (!before) return false;
    await tx.incidentPhase.delete({ where: { incidentId_phase: { incidentId, phase } } });
    if (by)
      await recordAudit(tx, {
        actor: by.actor,
        action: "phase.reset",
        targetType: "incident",
        targetId: incidentId,
        before: { phase, at: before.at, eventId: before.eventId, note: before.note },
        meta: by.meta,
      });
    return true;
  });
}
