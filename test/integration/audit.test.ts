import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeAudit, recordAudit } from "@/lib/audit/mutations";
import { auditActions, iterateAudit, listAudit } from "@/lib/audit/queries";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { testStores } from "../support/stores";

const alice: Actor = { kind: "user", userId: "u-alice", email: "alice@example.com", name: "Alice", role: "admin", sessionId: null };
const bob: Actor = { kind: "user", userId: "u-bob", email: "bob@example.com", name: "Bob", role: "editor", sessionId: null };
const DAY = 86_400_000;

describe.each(testStores())("audit log on $name", ({ open }) => {
  let store: Store;
  const now = new Date();
  beforeAll(async () => {
    store = await open();
    // three old rows (backdated on insert, which the trigger allows) and four recent ones
    for (const [i, days] of [40, 35, 31].entries())
      await store.prisma.auditLog.create({
        data: {
          at: new Date(now.getTime() - days * DAY),
          actorType: "system",
          actorLabel: "old",
          action: "phase.edit",
          targetType: "incident",
          targetId: `old-${i}`,
        },
      });
    await store.prisma.$transaction(async (tx) => {
      await recordAudit(tx, { actor: alice, action: "token.create", targetType: "api_token", targetId: "t1", after: { name: "a" } });
      await recordAudit(tx, {
        actor: alice,
        action: "token.revoke",
        targetType: "api_token",
        targetId: "t1",
        before: { revokedAt: null },
        after: { revokedAt: "x" },
      });
      await recordAudit(tx, {
        actor: bob,
        action: "phase.edit",
        targetType: "incident",
        targetId: "i9",
        before: { label: "<b>x</b>" },
        after: { label: "y" },
      });
      await recordAudit(tx, {
        actor: null,
        action: "auth.sign_in_failed",
        anonymousLabel: "mallory@example.com",
        meta: { ip: "203.0.113.9", userAgent: "curl" },
      });
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("refuses UPDATE, DELETE and TRUNCATE (the trigger), whoever asks", async () => {
    const row = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "token.create" } });
    await expect(store.prisma.auditLog.update({ where: { id: row.id }, data: { actorLabel: "someone else" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(store.prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(store.prisma.$executeRawUnsafe("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    await expect(store.prisma.$executeRawUnsafe("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    // the purge switch is transaction-local: set outside a transaction it does not outlive its statement
    await store.prisma.$executeRawUnsafe("SET LOCAL aftermath.audit_purge = 'on'").catch(() => undefined);
    await expect(store.prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    expect((await store.prisma.auditLog.findUniqueOrThrow({ where: { id: row.id } })).actorLabel).toBe("alice@example.com");
  });

  it("pages newest first and filters by actor, action (exact or prefix), target and time", async () => {
    const all = await listAudit(store, {}, { offset: 0, limit: 2 });
    expect(all.total).toBe(7);
    expect(all.rows).toHaveLength(2);
    expect(all.rows[0].action).toBe("auth.sign_in_failed");
    expect((await listAudit(store, {}, { offset: 6, limit: 2 })).rows.map((r) => r.targetId)).toEqual(["old-0"]);
    expect((await listAudit(store, { actor: "ALICE@" })).total).toBe(2);
    expect((await listAudit(store, { actor: "u-bob" })).total).toBe(1);
    expect((await listAudit(store, { action: "token." })).total).toBe(2);
    expect((await listAudit(store, { action: "token" })).total).toBe(0);
    expect((await listAudit(store, { action: "phase.edit", targetType: "incident", targetId: "i9" })).rows[0].diff).toEqual([
      { path: "label", before: "<b>x</b>", after: "y" },
    ]);
    const from = new Date(now.getTime() - 36 * DAY).toISOString();
    const to = new Date(now.getTime() - 30 * DAY).toISOString();
    expect((await listAudit(store, { from, to })).rows.map((r) => r.targetId)).toEqual(["old-2", "old-1"]);
    const failed = (await listAudit(store, { action: "auth.sign_in_failed" })).rows[0];
    expect(failed).toMatchObject({ actorType: "anonymous", actorLabel: "mallory@example.com", ip: "203.0.113.9", userAgent: "curl" });
    expect(await auditActions(store)).toEqual(["auth.sign_in_failed", "phase.edit", "token.create", "token.revoke"]);
  });

  it("iterates every matching row oldest first in keyset batches", async () => {
    const ids: string[] = [];
    for await (const r of iterateAudit(store, {}, 2)) ids.push(r.id);
    expect(ids).toHaveLength(7);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
    const some: string[] = [];
    for await (const r of iterateAudit(store, { action: "phase.edit" }, 1)) some.push(r.targetId ?? "");
    expect(some).toEqual(["old-0", "old-1", "old-2", "i9"]);
  });

  it("retention purges only rows older than the period, in a transaction that records itself", async () => {
    expect(await purgeAudit(store, { days: null })).toBeNull();
    const r = await purgeAudit(store, { days: 33, now });
    expect(r?.deleted).toBe(2);
    const left = await store.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(left.map((x) => x.targetId)).toEqual(["old-2", "t1", "t1", "i9", null, null]);
    const purge = left[left.length - 1];
    expect(purge).toMatchObject({ action: "audit.purge", actorType: "system", actorLabel: "audit-retention", targetType: "audit_log" });
    expect(purge.after).toMatchObject({ deleted: 2, retentionDays: 33 });
    // and afterwards the table is append-only again
    await expect(store.prisma.auditLog.delete({ where: { id: left[0].id } })).rejects.toThrow(/append-only/);
  });
});
