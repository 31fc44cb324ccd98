import "server-only";
import { isUuid } from "@/lib/annotations/model";
import { recordAudit } from "@/lib/audit/mutations";
import { type Actor, actorCan, actorRef } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { AppError, conflict, notFound, unprocessable } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/route";
import { buildDraft } from "./draft";
import {
  type ActionItemInput,
  type ActionItemPatch,
  isNamedReviewer,
  type ReviewInput,
  revisionDiff,
  type SavePostMortemInput,
  sameActor,
} from "./model";
import { getPostMortem, loadDraftInput } from "./queries";
import type { PostMortemView } from "./views";

/**
 * Writes of post-mortems, revisions, reviews and action items. Each change and its audit row commit together. Every
 * save is a new revision; a save names the revision it started from and a stale one gets a 409 conflict carrying
 * both diffs, never an overwrite. Approval needs a named reviewer other than the author.
 */

type Tx = Parameters<Parameters<Store["prisma"]["$transaction"]>[0]>[0];

async function mustGet(store: Store, incidentId: string): Promise<PostMortemView> {
  const pm = await getPostMortem(store, incidentId);
  if (!pm) throw notFound("This incident has no post-mortem yet.");
  return pm;
}

/** Opens the incident's post-mortem, drafting it from the reconstruction the first time (revision 1). */
export async function openPostMortem(store: Store, actor: Actor, incidentId: string, meta?: RequestMeta): Promise<PostMortemView> {
  if (!isUuid(incidentId)) throw notFound("No incident with this id.");
  const existing = await getPostMortem(store, incidentId);
  if (existing) return existing;
  const input = await loadDraftInput(store, incidentId);
  if (!input) throw notFound("No incident with this id.");
  const draft = buildDraft(input);
  const ref = actorRef(actor);
  try {
    await store.prisma.$transaction(async (tx) => {
      const pm = await tx.postMortem.create({
        data: { incidentId, title: draft.title, body: draft.body, revision: 1, status: "draft", ...ref },
      });
      await tx.postMortemRevision.create({
        data: { postMortemId: pm.id, number: 1, title: draft.title, body: draft.body, reason: "draft", ...ref },
      });
      await recordAudit(tx, {
        actor,
        action: "postmortem.create",
        targetType: "postmortem",
        targetId: pm.id,
        after: { incidentId, revision: 1 },
        meta,
      });
    });
  } catch (e) {
    // someone else opened it at the same moment: theirs is the draft
    if ((e as { code?: string }).code !== "P2002") throw e;
  }
  return mustGet(store, incidentId);
}

async function writeRevision(
  tx: Tx,
  actor: Actor,
  pm: { id: string; revision: number; status: string },
  base: number,
  next: { title: string; body: string; reason: string; restoredFrom?: number },
) {
  // approved text changed → it needs review again
  const status = pm.status === "approved" ? "in_review" : pm.status;
  const r = await tx.postMortem.updateMany({
    where: { id: pm.id, revision: base },
    data: {
      title: next.title,
      body: next.body,
      revision: base + 1,
      status,
      ...(status !== pm.status ? { approvedAt: null, approvedBy: null } : {}),
    },
  });
  if (r.count === 0) return false;
  if (status !== pm.status)
    await tx.postMortemReviewer.updateMany({ where: { postMortemId: pm.id }, data: { decision: null, decidedAt: null } });
  await tx.postMortemRevision.create({
    data: {
      postMortemId: pm.id,
      number: base + 1,
      title: next.title,
      body: next.body,
      reason: next.reason,
      restoredFrom: next.restoredFrom ?? null,
      ...actorRef(actor),
    },
  });
  return true;
}

async function staleConflict(store: Store, incidentId: string, base: number, mine: { title: string; body: string }): Promise<never> {
  const pm = await mustGet(store, incidentId);
  const baseRev = await store.prisma.postMortemRevision.findUnique({
    where: { postMortemId_number: { postMortemId: pm.id, number: base } },
  });
  const from = baseRev ? { number: base, title: baseRev.title, body: baseRev.body } : { number: base, title: "", body: "" };
  throw conflict(`Someone saved revision ${pm.revision} while you were editing revision ${base}: merge their changes and save again.`, {
    baseRevision: base,
    currentRevision: pm.revision,
    current: { title: pm.title, body: pm.body },
    theirChanges: revisionDiff(from, { number: pm.revision, title: pm.title, body: pm.body }),
    yourChanges: revisionDiff(from, { number: base + 1, ...mine }),
  });
}

export async function savePostMortem(
  store: Store,
  actor: Actor,
  incidentId: string,
  input: SavePostMortemInput,
  meta?: RequestMeta,
): Promise<PostMortemView> {
  const pm = await mustGet(store, incidentId);
  if (pm.status === "published") throw unprocessable("A published post-mortem is read-only.");
  const ok = await store.prisma.$transaction(async (tx) => {
    const done = await writeRevision(tx, actor, pm, input.baseRevision, { title: input.title, body: input.body, reason: "save" });
    if (done)
      await recordAudit(tx, {
        actor,
        action: "postmortem.save",
        targetType: "postmortem",
        targetId: pm.id,
        before: { revision: input.baseRevision },
        after: { revision: input.baseRevision + 1, title: input.title, bytes: input.body.length },
        meta,
      });
    return done;
  });
  if (!ok) await staleConflict(store, incidentId, input.baseRevision, input);
  return mustGet(store, incidentId);
}

/** Restores an old revision's text as a new revision (history is never rewritten). */
export async function restoreRevision(
  store: Store,
  actor: Actor,
  incidentId: string,
  input: { baseRevision: number; revision: number },
  meta?: RequestMeta,
) {
  const pm = await mustGet(store, incidentId);
  if (pm.status === "published") throw unprocessable("A published post-mortem is read-only.");
  const old = await store.prisma.postMortemRevision.findUnique({
    where: { postMortemId_number: { postMortemId: pm.id, number: input.revision } },
  });
  if (!old) throw notFound(`No revision ${input.revision}.`);
  const ok = await store.prisma.$transaction(async (tx) => {
    const done = await writeRevision(tx, actor, pm, input.baseRevision, {
      title: old.title,
      body: old.body,
      reason: "restore",
      restoredFrom: old.number,
    });
    if (done)
      await recordAudit(tx, {
        actor,
        action: "postmortem.restore",
        targetType: "postmortem",
        targetId: pm.id,
        after: { revision: input.baseRevision + 1, restoredFrom: old.number },
        meta,
      });
    return done;
  });
  if (!ok) await staleConflict(store, incidentId, input.baseRevision, { title: old.title, body: old.body });
  return mustGet(store, incidentId);
}

/** draft → in_review with named reviewers (adds to any already named). */
export async function requestReview(store: Store, actor: Actor, incidentId: string, reviewers: string[], meta?: RequestMeta) {
  const pm = await mustGet(store, incidentId);
  if (pm.status === "published") throw unprocessable("A published post-mortem cannot go back to review.");
  const names = [...new Set(reviewers.map((r) => r.trim()).filter(Boolean))];
  await store.prisma.$transaction(async (tx) => {
    for (const reviewer of names)
      await tx.postMortemReviewer.upsert({
        where: { postMortemId_reviewer: { postMortemId: pm.id, reviewer } },
        create: { postMortemId: pm.id, reviewer },
        update: {},
      });
    await tx.postMortem.update({ where: { id: pm.id }, data: { status: "in_review" } });
    await recordAudit(tx, {
      actor,
      action: "postmortem.request_review",
      targetType: "postmortem",
      targetId: pm.id,
      before: { status: pm.status },
      after: { status: "in_review", reviewers: names },
      meta,
    });
  });
  return mustGet(store, incidentId);
}

/** The typed error for "the author approved their own post-mortem". */
export const authorCannotApprove = () =>
  new AppError("forbidden", "The author cannot approve their own post-mortem: another named reviewer must.", {
    details: { reason: "author_cannot_approve" },
  });

/** A review: a comment, an approval (named reviewer, not the author; in review) or a request for changes (back to draft). */
export async function submitReview(store: Store, actor: Actor, incidentId: string, input: ReviewInput, meta?: RequestMeta) {
  const pm = await mustGet(store, incidentId);
  const who = actorRef(actor);
  if (input.decision !== "comment") {
    if (!actorCan(actor, "postmortems:review")) throw new AppError("forbidden", "Your role cannot review post-mortems.");
    if (sameActor({ actorType: pm.author.type, actorId: pm.author.id }, who)) throw authorCannotApprove();
    if (pm.status !== "in_review")
      throw conflict(`The post-mortem is ${pm.statusLabel.toLowerCase()}, not in review.`, { status: pm.status });
    if (
      !isNamedReviewer(
        pm.reviewers.map((r) => r.reviewer),
        who,
      )
    )
      throw new AppError("forbidden", "Only a named reviewer can approve or request changes.", { details: { reason: "not_a_reviewer" } });
  }
  await store.prisma.$transaction(async (tx) => {
    const review = await tx.postMortemReview.create({ data: { postMortemId: pm.id, body: input.body, decision: input.decision, ...who } });
    if (input.decision !== "comment") {
      const now = new Date();
      const mine = pm.reviewers.filter((r) => isNamedReviewer([r.reviewer], who)).map((r) => r.reviewer);
      await tx.postMortemReviewer.updateMany({
        where: { postMortemId: pm.id, reviewer: { in: mine } },
        data: { decision: input.decision, decidedAt: now },
      });
      await tx.postMortem.update({
        where: { id: pm.id },
        data: input.decision === "approved" ? { status: "approved", approvedBy: who.actorLabel, approvedAt: now } : { status: "draft" },
      });
    }
    await recordAudit(tx, {
      actor,
      action: `postmortem.review.${input.decision}`,
      targetType: "postmortem",
      targetId: pm.id,
      after: { reviewId: review.id, decision: input.decision },
      meta,
    });
  });
  return mustGet(store, incidentId);
}

/** approved → published. */
export async function publishPostMortem(store: Store, actor: Actor, incidentId: string, meta?: RequestMeta) {
  const pm = await mustGet(store, incidentId);
  if (pm.status !== "approved") throw conflict("Only an approved post-mortem can be published.", { status: pm.status });
  await store.prisma.$transaction(async (tx) => {
    await tx.postMortem.update({ where: { id: pm.id }, data: { status: "published", publishedAt: new Date() } });
    await recordAudit(tx, {
      actor,
      action: "postmortem.publish",
      targetType: "postmortem",
      targetId: pm.id,
      before: { status: "approved" },
      after: { status: "published" },
      meta,
    });
  });
  return mustGet(store, incidentId);
}

const day = (s: string | null | undefined) => (s ? new Date(`${s}T00:00:00Z`) : s === null ? null : undefined);

export async function createActionItem(store: Store, actor: Actor, incidentId: string, input: ActionItemInput, meta?: RequestMeta) {
  if (!isUuid(incidentId) || !(await store.prisma.incident.findUnique({ where: { id: incidentId }, select: { id: true } })))
    throw notFound("No incident with this id.");
  return store.prisma.$transaction(async (tx) => {
    const row = await tx.actionItem.create({
      data: {
        incidentId,
        title: input.title,
        owner: input.owner ?? null,
        dueDate: day(input.dueDate) ?? null,
        priority: input.priority,
        status: input.status,
        safeguardKey: input.safeguardKey ?? null,
        ...actorRef(actor),
      },
    });
    await recordAudit(tx, { actor, action: "action_item.create", targetType: "action_item", targetId: row.id, after: input, meta });
    return row.id;
  });
}

export async function updateActionItem(
  store: Store,
  actor: Actor,
  incidentId: string,
  id: string,
  patch: ActionItemPatch,
  meta?: RequestMeta,
) {
  if (!isUuid(id)) throw notFound("No action item with this id.");
  await store.prisma.$transaction(async (tx) => {
    const before = await tx.actionItem.findUnique({ where: { id } });
    if (!before || before.incidentId !== incidentId) throw notFound("No action item with this id.");
    const after = await tx.actionItem.update({
      where: { id },
      data: {
        title: patch.title,
        owner: patch.owner,
        dueDate: day(patch.dueDate),
        priority: patch.priority,
        status: patch.status,
        safeguardKey: patch.safeguardKey,
      },
    });
    await recordAudit(tx, { actor, action: "action_item.update", targetType: "action_item", targetId: id, before, after, meta });
  });
}
