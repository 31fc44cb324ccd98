import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateAnnotationInput } from "@/lib/annotations/model";
import { createAnnotation, deleteAnnotation, updateAnnotation } from "@/lib/annotations/mutations";
import { eventAnnotationContext, listAnnotations, tagSuggestions } from "@/lib/annotations/queries";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { DEMO_EXPECTED } from "@/lib/demo";
import { AppError } from "@/lib/errors";
import { uuidFromKey } from "@/lib/incidents/identity";
import { upsertPhaseEdit } from "@/lib/incidents/mutations";
import { exportJson, exportMarkdown } from "@/lib/postmortems/export";
import { loadExportBundle } from "@/lib/postmortems/export-queries";
import { ActionItemInput, ReviewInput } from "@/lib/postmortems/model";
import {
  createActionItem,
  openPostMortem,
  publishPostMortem,
  requestReview,
  restoreRevision,
  savePostMortem,
  submitReview,
} from "@/lib/postmortems/mutations";
import { getRevision, listActionItems, listPostMortems } from "@/lib/postmortems/queries";
import { reconstructAll } from "@/lib/reconstruct";
import { loadDemo } from "@/lib/reconstruct/demo";
import { listIncidentReports } from "@/lib/reconstruct/incident-reports";
import { ingestBytes } from "../support/ingest-helpers";
import { testStores } from "../support/stores";

const alice: Actor = { kind: "user", userId: "u-alice", email: "alice@example.com", name: "Alice", role: "editor", sessionId: null };
const bob: Actor = { kind: "user", userId: "u-bob", email: "bob@example.com", name: "Bob", role: "editor", sessionId: null };
const carol: Actor = { kind: "user", userId: "u-carol", email: "carol@example.com", name: "Carol", role: "editor", sessionId: null };
const viewer: Actor = { kind: "user", userId: "u-vic", email: "vic@example.com", name: "Vic", role: "viewer", sessionId: null };

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

const ann = (v: unknown) => CreateAnnotationInput.parse(v);

describe.each(testStores())("annotations and post-mortems on $name", ({ open }) => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    store = await open();
    await loadDemo(store);
    const demo = (await listIncidentReports(store)).find((r) => r.trigger.eventId === DEMO_EXPECTED.triggerEventId);
    incidentId = demo!.id;
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  it("the demo incident's id is the UUID of its natural key (agent session + episode)", () => {
    expect(incidentId).toBe(uuidFromKey(`kiro:${DEMO_EXPECTED.sessionExternalId}#1`));
  });

  it("annotations: comments with replies, markers, stars (once per person), tags with suggestions, notes; audited", async () => {
    const c = await createAnnotation(
      store,
      alice,
      incidentId,
      ann({ kind: "comment", body: "Why **autopilot**?", eventId: DEMO_EXPECTED.triggerEventId }),
    );
    expect(c).toMatchObject({
      kind: "comment",
      eventId: DEMO_EXPECTED.triggerEventId,
      author: { label: "alice@example.com", userId: "u-alice" },
    });
    const reply = await createAnnotation(store, bob, incidentId, ann({ kind: "comment", body: "Template default.", parentId: c.id }));
    expect(reply.eventId).toBe(DEMO_EXPECTED.triggerEventId); // a reply inherits its thread's anchor
    await createAnnotation(
      store,
      alice,
      incidentId,
      ann({ kind: "marker", marker: "contributing_factor", eventId: DEMO_EXPECTED.triggerEventId }),
    );
    await createAnnotation(
      store,
      alice,
      incidentId,
      ann({ kind: "marker", marker: "repair", eventId: DEMO_EXPECTED.recoveryEventId, body: "Stack recreated" }),
    );
    const s1 = await createAnnotation(store, alice, incidentId, ann({ kind: "star", eventId: DEMO_EXPECTED.recoveryEventId }));
    const s2 = await createAnnotation(store, alice, incidentId, ann({ kind: "star", eventId: DEMO_EXPECTED.recoveryEventId }));
    expect(s2.id).toBe(s1.id);
    await createAnnotation(store, bob, incidentId, ann({ kind: "tag", tag: "cloudformation", eventId: DEMO_EXPECTED.triggerEventId }));
    await createAnnotation(store, alice, incidentId, ann({ kind: "tag", tag: "cloudformation", eventId: DEMO_EXPECTED.recoveryEventId }));
    await createAnnotation(
      store,
      alice,
      incidentId,
      ann({ kind: "note", body: "Customer tickets start arriving", at: "2025-12-09T02:30:00Z" }),
    );
    await createAnnotation(
      store,
      alice,
      incidentId,
      ann({ kind: "comment", body: "the agent's plan", agentSessionRef: `kiro:${DEMO_EXPECTED.sessionExternalId}`, actionKey: "k-1" }),
    );
    expect(await tagSuggestions(store, "cloud")).toEqual(["cloudformation"]);
    const list = await listAnnotations(store, incidentId);
    expect(list.map((a) => a.kind).sort()).toEqual(["comment", "comment", "comment", "marker", "marker", "note", "star", "tag", "tag"]);
    const audits = await store.prisma.auditLog.count({ where: { action: "annotation.create" } });
    expect(audits).toBe(9);

    expect(() => ann({ kind: "marker", eventId: "x" })).toThrow(/marker/);
    expect(() => ann({ kind: "comment", body: "floating" })).toThrow(/anchor/);
    expect(
      (await rejects(createAnnotation(store, alice, "00000000-0000-4000-8000-000000000000", ann({ kind: "star", eventId: "e" })))).code,
    ).toBe("not_found");
  });

  it("the explorer sees an event's annotations and the incidents it belongs to", async () => {
    const ctx = await eventAnnotationContext(store, DEMO_EXPECTED.recoveryEventId);
    expect(ctx.incidents.map((i) => i.id)).toContain(incidentId);
    expect(ctx.annotations.map((a) => a.kind).sort()).toEqual(["marker", "star", "tag"]);
  });

  it("only the author edits or deletes; delete keeps the thread", async () => {
    const [c] = (await listAnnotations(store, incidentId)).filter((a) => a.kind === "comment" && !a.parentId && a.eventId);
    expect((await rejects(updateAnnotation(store, bob, incidentId, c.id, { body: "hijack" }))).code).toBe("forbidden");
    const edited = await updateAnnotation(store, alice, incidentId, c.id, { body: "Why was **autopilot** on?" });
    expect(edited.body).toBe("Why was **autopilot** on?");
    expect((await rejects(deleteAnnotation(store, bob, incidentId, c.id))).code).toBe("forbidden");
    expect(await store.prisma.auditLog.count({ where: { action: "annotation.update", targetId: c.id } })).toBe(1);
  });

  it("post-mortem: drafted on first open, every save a revision, a stale save is a conflict with diffs, restore", async () => {
    const pm = await openPostMortem(store, alice, incidentId);
    expect(pm).toMatchObject({ revision: 1, status: "draft", author: { label: "alice@example.com" } });
    expect(pm.body).toContain("## What the agent did");
    expect(pm.body).toContain(`(evidence:event/${DEMO_EXPECTED.triggerEventId})`);
    expect(pm.body).toContain("Customer tickets start arriving");
    expect((await openPostMortem(store, bob, incidentId)).id).toBe(pm.id);

    const v2 = await savePostMortem(store, alice, incidentId, { baseRevision: 1, title: pm.title, body: `${pm.body}\nAlice's lesson.\n` });
    expect(v2.revision).toBe(2);
    const stale = await rejects(
      savePostMortem(store, bob, incidentId, { baseRevision: 1, title: pm.title, body: `${pm.body}\nBob's lesson.\n` }),
    );
    expect(stale.code).toBe("conflict");
    expect(stale.status).toBe(409);
    const details = stale.details as { currentRevision: number; theirChanges: string; yourChanges: string; current: { body: string } };
    expect(details.currentRevision).toBe(2);
    expect(details.theirChanges).toContain("+Alice's lesson.");
    expect(details.yourChanges).toContain("+Bob's lesson.");
    const merged = await savePostMortem(store, bob, incidentId, {
      baseRevision: 2,
      title: pm.title,
      body: `${details.current.body}Bob's lesson.\n`,
    });
    expect(merged.revision).toBe(3);
    expect(merged.body).toContain("Alice's lesson.");
    expect(merged.body).toContain("Bob's lesson.");
    const restored = await restoreRevision(store, alice, incidentId, { baseRevision: 3, revision: 1 });
    expect(restored.revision).toBe(4);
    expect(restored.body).toBe(pm.body);
    expect(restored.revisions.map((r) => [r.number, r.reason, r.author])).toEqual([
      [4, "restore", "alice@example.com"],
      [3, "save", "bob@example.com"],
      [2, "save", "alice@example.com"],
      [1, "draft", "alice@example.com"],
    ]);
    expect((await getRevision(store, incidentId, 3))?.body).toContain("Bob's lesson.");
    await savePostMortem(store, alice, incidentId, {
      baseRevision: 4,
      title: pm.title,
      body: (await getRevision(store, incidentId, 3))!.body,
    });
  });

  it("review: the author cannot approve their own post-mortem; a named reviewer can; then publish", async () => {
    await requestReview(store, alice, incidentId, ["bob@example.com", "alice@example.com"]);
    const own = await rejects(submitReview(store, alice, incidentId, ReviewInput.parse({ decision: "approved" })));
    expect(own.code).toBe("forbidden");
    expect(own.details).toEqual({ reason: "author_cannot_approve" });
    const stranger = await rejects(submitReview(store, carol, incidentId, ReviewInput.parse({ decision: "approved" })));
    expect(stranger.details).toEqual({ reason: "not_a_reviewer" });
    expect((await rejects(submitReview(store, viewer, incidentId, ReviewInput.parse({ decision: "approved" })))).code).toBe("forbidden");
    expect((await rejects(publishPostMortem(store, alice, incidentId))).code).toBe("conflict");
    await submitReview(store, bob, incidentId, ReviewInput.parse({ body: "Timeline reads well." }));
    const approved = await submitReview(store, bob, incidentId, ReviewInput.parse({ decision: "approved", body: "LGTM" }));
    expect(approved).toMatchObject({ status: "approved", approvedBy: "bob@example.com" });
    expect(approved.reviewers.find((r) => r.reviewer === "bob@example.com")?.decision).toBe("approved");
    expect(approved.reviews.map((r) => r.decision)).toEqual(["comment", "approved"]);
    const published = await publishPostMortem(store, alice, incidentId);
    expect(published.status).toBe("published");
    expect((await rejects(savePostMortem(store, alice, incidentId, { baseRevision: 5, title: "x", body: "y" }))).code).toBe(
      "unprocessable",
    );
    const rows = await listPostMortems(store, { status: "published", reviewer: "bob" });
    expect(rows.map((r) => r.incidentId)).toEqual([incidentId]);
    expect(await store.prisma.auditLog.count({ where: { action: { startsWith: "postmortem." } } })).toBeGreaterThanOrEqual(9);
  });

  it("action items: owner, due date, priority, status, safeguard key; overdue across incidents", async () => {
    await createActionItem(
      store,
      alice,
      incidentId,
      ActionItemInput.parse({
        title: "Approval gate for agents",
        owner: "bob@example.com",
        dueDate: "2020-01-31",
        priority: "p1",
        safeguardKey: "approval-gate",
      }),
    );
    await createActionItem(store, alice, incidentId, ActionItemInput.parse({ title: "Later", dueDate: "2999-01-01" }));
    const all = await listActionItems(store);
    expect(all.map((a) => [a.title, a.overdue])).toEqual([
      ["Approval gate for agents", true],
      ["Later", false],
    ]);
    expect((await listActionItems(store, { overdue: true })).map((a) => a.safeguardKey)).toEqual(["approval-gate"]);
  });

  it("survives re-ingest and a new trigger: every annotation, phase edit and revision stays, pointing at the same evidence", async () => {
    expect(
      await upsertPhaseEdit(store, incidentId, {
        phase: "detection",
        at: Date.parse("2025-12-09T02:40:00Z"),
        eventId: null,
        note: "pager",
        author: "alice",
      }),
    ).toBe(true);
    const before = {
      annotations: (await listAnnotations(store, incidentId, { includeDeleted: true })).map((a) => [a.id, a.kind, a.eventId, a.body]),
      revisions: await store.prisma.postMortemRevision.count(),
      items: await store.prisma.actionItem.count(),
    };
    // new evidence: the same delete-stack tool call also made an earlier DeleteStack call (a retry) → a new trigger
    const trig = await store.prisma.cloudTrailEvent.findFirstOrThrow({ where: { eventId: DEMO_EXPECTED.triggerEventId } });
    const raw = {
      ...(trig.raw as Record<string, unknown>),
      eventID: "0b5e2d7c-1111-4a2b-9c3d-000000000001",
      eventTime: "2025-12-09T02:14:06Z",
    };
    const r = await ingestBytes(store, "retry.jsonl", `${JSON.stringify(raw)}\n`, "cloudtrail-jsonl");
    expect(r.ingested).toBe(1);
    await reconstructAll(store);
    await loadDemo(store); // the whole demo again: duplicates only, reconstruct again
    const reports = await listIncidentReports(store);
    const same = reports.find((x) => x.id === incidentId);
    expect(same?.trigger.eventId).toBe("0b5e2d7c-1111-4a2b-9c3d-000000000001");
    expect(same?.destructiveEventIds).toContain(DEMO_EXPECTED.triggerEventId);
    expect(same?.reproduced).toBe(true);
    expect((await listAnnotations(store, incidentId, { includeDeleted: true })).map((a) => [a.id, a.kind, a.eventId, a.body])).toEqual(
      before.annotations,
    );
    expect(await store.prisma.postMortemRevision.count()).toBe(before.revisions);
    expect(await store.prisma.actionItem.count()).toBe(before.items);
    expect(await store.prisma.incidentPhase.findFirst({ where: { incidentId, phase: "detection" } })).toMatchObject({ note: "pager" });
  }, 120_000);

  it("an incident no longer derived is kept (not reproduced, with the reason) when people wrote about it, else dropped", async () => {
    const real = await store.prisma.incident.findUniqueOrThrow({ where: { id: incidentId } });
    const ghost = (id: string, ev: string) => ({
      id,
      triggerEventId: ev,
      title: "an older rule's incident",
      status: "open",
      startedAt: real.startedAt,
      destructiveEventIds: [ev],
      affectedResources: [],
      detail: { ...(real.detail as object), agent: { ...(real.detail as { agent: object }).agent, sessionId: "gone-session" } },
    });
    await store.prisma.incident.create({ data: ghost("aaaaaaaa-0000-4000-8000-000000000001", "ghost-1") });
    await store.prisma.incident.create({ data: ghost("aaaaaaaa-0000-4000-8000-000000000002", "ghost-2") });
    await createAnnotation(
      store,
      alice,
      "aaaaaaaa-0000-4000-8000-000000000001",
      ann({ kind: "comment", body: "keep me", eventId: "ghost-1" }),
    );
    await reconstructAll(store);
    const kept = await store.prisma.incident.findUnique({ where: { id: "aaaaaaaa-0000-4000-8000-000000000001" } });
    expect(kept?.reproduced).toBe(false);
    expect(kept?.notReproducedReason).toMatch(/no longer links a successful destructive call.*kept because people wrote about it/);
    expect(await store.prisma.incident.findUnique({ where: { id: "aaaaaaaa-0000-4000-8000-000000000002" } })).toBeNull();
    // the database itself refuses to delete an incident that has user rows
    await expect(store.prisma.incident.delete({ where: { id: "aaaaaaaa-0000-4000-8000-000000000001" } })).rejects.toThrow();
    expect((await listIncidentReports(store)).find((x) => x.id === kept?.id)?.reproduced).toBe(false);
  });

  it("exports Markdown and JSON with the document, the timeline, the annotations and the revisions", async () => {
    const b = await loadExportBundle(store, incidentId);
    const md = exportMarkdown(b!);
    expect(md).toMatch(/^# Post-mortem: /);
    expect(md).toContain("## Appendix: timeline");
    expect(md).toContain("> Why was **autopilot** on?");
    expect(md).toContain(`/events?event=${DEMO_EXPECTED.triggerEventId}`);
    expect(md).not.toContain("evidence:");
    const j = JSON.parse(exportJson(b!));
    expect(j.postMortem.revisions).toHaveLength(5);
    expect(j.annotations.length).toBeGreaterThanOrEqual(9);
  });
});
