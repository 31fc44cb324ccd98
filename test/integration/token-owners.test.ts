import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createToken } from "@/lib/auth/tokens/mutations";
import { listTokens } from "@/lib/auth/tokens/queries";
import { verifyToken } from "@/lib/auth/tokens/verify";
import type { Store } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { testStores } from "../support/stores";

/** Personal tokens against the users table: the owner's role narrows the token, a deactivated (banned) owner's tokens stop working at once. */
const cli: Actor = { kind: "system", name: "cli" };

async function addUser(store: Store, u: { id: string; email: string; role: string; banned?: boolean }) {
  await store.prisma.user.create({
    data: { id: u.id, email: u.email, name: u.email, role: u.role, banned: u.banned ?? false, emailVerified: true },
  });
}

describe.each(testStores())("personal tokens and their owners on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await addUser(store, { id: "owner-ed", email: "Ed@Example.com", role: "editor" });
    await addUser(store, { id: "owner-vi", email: "vi@example.com", role: "viewer" });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("creates a personal token for an owner named by email; the token acts with the owner's role", async () => {
    const { token, view } = await createToken(store, cli, {
      name: "ed's laptop",
      scope: "write",
      kind: "personal",
      owner: { email: "ed@example.com" },
      expiresAt: null,
    });
    expect(view).toMatchObject({ kind: "personal", ownerUserId: "owner-ed", ownerEmail: "Ed@Example.com" });
    const v = await verifyToken(store, token);
    expect(v).toMatchObject({
      ok: true,
      actor: { kind: "token", userId: "owner-ed", email: "Ed@Example.com", role: "editor", scope: "write" },
    });
    expect((await listTokens(store, { ownerUserId: "owner-ed" }))[0].ownerEmail).toBe("Ed@Example.com");
  });

  it("refuses a scope above the owner's role and an unknown owner", async () => {
    const e1 = await createToken(store, cli, {
      name: "x",
      scope: "write",
      kind: "personal",
      owner: { email: "vi@example.com" },
      expiresAt: null,
    }).catch((e) => e);
    expect(e1).toBeInstanceOf(AppError);
    expect(e1.code).toBe("forbidden");
    const e2 = await createToken(store, cli, {
      name: "x",
      scope: "read",
      kind: "personal",
      owner: { email: "nobody@example.com" },
      expiresAt: null,
    }).catch((e) => e);
    expect(e2.code).toBe("unprocessable");
    expect(e2.message).toMatch(/No user nobody@example.com/);
  });

  it("stops a token at once when its owner is deactivated, and when the owner is gone", async () => {
    const { token } = await createToken(store, cli, {
      name: "vi read",
      scope: "read",
      kind: "personal",
      owner: { email: "vi@example.com" },
      expiresAt: null,
    });
    expect((await verifyToken(store, token)).ok).toBe(true);
    await store.prisma.user.update({ where: { id: "owner-vi" }, data: { banned: true } });
    expect(await verifyToken(store, token)).toEqual({ ok: false, reason: "owner_inactive" });
    await store.prisma.user.update({ where: { id: "owner-vi" }, data: { banned: false } });
    expect((await verifyToken(store, token)).ok).toBe(true);
    await store.prisma.user.delete({ where: { id: "owner-vi" } });
    expect(await verifyToken(store, token)).toEqual({ ok: false, reason: "owner_missing" });
  });
});
