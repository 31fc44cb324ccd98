import "server-only";
import { recordAudit } from "@/lib/audit/mutations";
import { type Actor, actorRef } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { forbidden, notFound, unprocessable } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/route";
import { type AnnotationView, type CreateAnnotationInput, isUuid, toAnnotationView, type UpdateAnnotationInput } from "./model";

/** Writes of `annotation`; each change and its audit row commit together. Only the author edits or deletes. */

export async function createAnnotation(
  store: Store,
  actor: Actor,
  incidentId: string,
  input: CreateAnnotationInput,
  meta?: RequestMeta,
): Promise<AnnotationView> {
  if (!isUuid(incidentId)) throw notFound("No incident with this id.");
  return store.prisma.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
    if (!incident) throw notFound("No incident with this id.");
    let anchor = { eventId: input.eventId ?? null, agentSessionRef: input.agentSessionRef ?? null, actionKey: input.actionKey ?? null };
    if (input.parentId) {
      const parent = await tx.annotation.findUnique({ where: { id: input.parentId } });
      if (!parent || parent.incidentId !== incidentId || parent.kind !== "comment")
        throw unprocessable("parentId is not a comment of this incident.");
      if (!input.eventId && !input.actionKey && !input.at)
        anchor = { eventId: parent.eventId, agentSessionRef: parent.agentSessionRef, actionKey: parent.actionKey };
    }
    const ref = actorRef(actor);
    if (input.kind === "star") {
      // one star per person per anchor: starring again returns the existing star
      const existing = await tx.annotation.findFirst({
        where: {
          incidentId,
          kind: "star",
          actorType: ref.actorType,
          actorId: ref.actorId,
          deletedAt: null,
          ...anchor,
          anchorAt: input.at ? new Date(input.at) : null,
        },
      });
      if (existing) return toAnnotationView(existing);
    }
    const row = await tx.annotation.create({
      data: {
        incidentId,
        kind: input.kind,
        body: input.body ?? "",
        marker: input.marker ?? null,
        tag: input.kind === "tag" ? (input.tag ?? input.body ?? "").trim() : null,
        parentId: input.parentId ?? null,
        ...anchor,
        anchorAt: input.at ? new Date(input.at) : null,
        ...ref,
      },
    });
    const view = toAnnotationView(row);
    await recordAudit(tx, { actor, action: "annotation.create", targetType: "annotation", targetId: row.id, after: view, meta });
    return view;
  });
}

async function ownRow(tx: Parameters<Parameters<Store["prisma"]["$transaction"]>[0]>[0], actor: Actor, incidentId: string, id: string) {
  if (!isUuid(id) || !isUuid(incidentId)) throw notFound("No annotation with this id.");
  const row = await tx.annotation.findUnique({ where: { id } });
  if (!row || row.incidentId !== incidentId || row.deletedAt) throw notFound("No annotation with this id.");
  const ref = actorRef(actor);
  if (row.actorType !== ref.actorType || row.actorId !== ref.actorId) throw forbidden("Only its author can change an annotation.");
  return row;
}

export async function updateAnnotation(
  store: Store,
  actor: Actor,
  incidentId: string,
  id: string,
  input: UpdateAnnotationInput,
  meta?: RequestMeta,
): Promise<AnnotationView> {
  return store.prisma.$transaction(async (tx) => {
    const row = await ownRow(tx, actor, incidentId, id);
    if (input.marker && row.kind !== "marker") throw unprocessable("marker is only for markers.");
    if (input.tag && row.kind !== "tag") throw unprocessable("tag is only for tags.");
    const updated = await tx.annotation.update({
      where: { id },
      data: { body: input.body ?? row.body, marker: input.marker ?? row.marker, tag: input.tag ?? row.tag },
    });
    const view = toAnnotationView(updated);
    await recordAudit(tx, {
      actor,
      action: "annotation.update",
      targetType: "annotation",
      targetId: id,
      before: toAnnotationView(row),
      after: view,
      meta,
    });
    return view;
  });
}

/** Soft delete (replies keep their thread); the body is cleared. */
export async function deleteAnnotation(store: Store, actor: Actor, incidentId: string, id: string, meta?: RequestMeta): Promise<void> {
  await store.prisma.$transaction(async (tx) => {
    const row = await ownRow(tx, actor, incidentId, id);
    await tx.annotation.update({ where: { id }, data: { deletedAt: new Date(), body: "" } });
    await recordAudit(tx, {
      actor,
      action: "annotation.delete",
      targetType: "annotation",
      targetId: id,
      before: toAnnotationView(row),
      meta,
    });
  });
}
