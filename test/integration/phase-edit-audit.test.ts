import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { resetPhaseEdit, upsertPhaseEdit } from "@/lib/incidents/mutations";
import { getIncidentView } from "@/lib/incidents/queries";
import { testStores } from "../support/stores";
import { seedViewWorld, T0, type ViewWorld } from "../support/view-fixtures";

const EDITOR: Actor = { kind: "user", userId: "u-editor", email: "editor@example.com", name: "Ed", role: "editor", sessionId: "s1" };

/** A phase edit made through the route records the signed-in author and an audit row in the same transaction. */
describe.each(testStores())("phase edits by a signed-in user on $name", ({ open }) => {
  let store: Store;
  let w: ViewWorld;
  beforeAll(async () => {
    store = await open();
    w = await seedViewWorld(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("stores the user as author (ignoring a free-text author) and audits edit and reset with before → after", async () => {
    const at = T0 + 30 * 60_000;
    const meta = { ip: "10.0.0.5", userAgent: "test" };
    const edit = { phase: "detection" as const, at, eventId: null, note: "paged", author: "someone else" };
    expect(await upsertPhaseEdit(store, w.incident1, edit, { actor: EDITOR, meta })).toBe(true);
    const view = await getIncidentView(store, w.incident1);
    expect(view?.phases.find((p) => p.phase === "detection")).toMatchObject({ source: "edited", author: "editor@example.com" });
    const [row] = await store.prisma.auditLog.findMany({ where: { action: "phase.edit" } });
    expect(row).toMatchObject({ actorType: "user", actorId: "u-editor", targetType: "incident", targetId: w.incident1, ip: "10.0.0.5" });
    expect(row?.before).toBeNull();
    expect(row?.after).toMatchObject({ phase: "detection", note: "paged" });

    expect(await resetPhaseEdit(store, w.incident1, "detection", { actor: EDITOR, meta })).toBe(true);
    const reset = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "phase.reset" } });
    expect(reset.before).toMatchObject({ phase: "detection", note: "paged" });
    // nothing to reset: no audit row
    expect(await resetPhaseEdit(store, w.incident1, "detection", { actor: EDITOR, meta })).toBe(false);
    expect(await store.prisma.auditLog.count({ where: { action: "phase.reset" } })).toBe(1);
    // an unknown incident: refused, nothing audited
    expect(await upsertPhaseEdit(store, "00000000-0000-4000-8000-000000000000", edit, { actor: EDITOR, meta })).toBe(false);
    expect(await store.prisma.auditLog.count({ where: { action: "phase.edit" } })).toBe(1);
  });
});
