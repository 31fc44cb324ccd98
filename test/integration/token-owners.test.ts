import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createToken } from "@/lib/auth/tokens/mutations";
import { listTokens } from "@/lib/auth/tokens/queries";
import { verifyToken } from "@/lib/auth/tokens/verify";
import type { Store } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { testStores } from "../support/stores";

/**
 * Personal tokens against a users table: the owner's role narrows the token, a deactivated (banned) owner's tokens
 * stop working at once. Before the accounts work merges there is no `user` table, so the test creates a stand-in
 * with better-auth's columns; afterwards the real table is used (rows are inserted through json_populate_record
 * with both camelCase and snake_case names, so whichever columns exist are filled).
 */
const cli: Actor = { kind: "system", name: "cli" };

async function addUser(store: Store, u: { id: string; email: string; role: string; banned?: boolean }) {
  const now = new Date().toISOString();
  const row = {
    ...u,
    name: u.email,
    banned: u.banned ?? false,
    emailVerified: true,
    email_verified: true,
    createdAt: now,
    updatedAt: now,
    created_at: now,
    updated_at: now,
  };
  await store.prisma.$executeRawUnsafe(
    `INSERT INTO "user" SELECT * FROM json_populate_record(NULL::"user", $1::json)`,
    JSON.stringify(row),
  );
}

describe.each(testStores())("personal tokens and their owners on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await store.prisma.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS "user" (id text PRIMARY KEY, email text NOT NULL UNIQUE, name text, role text, banned boolean, "banExpires" timestamptz)`,
    );
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
    await store.prisma.$executeRawUnsafe(`UPDATE "user" SET banned = true WHERE id = 'owner-vi'`);
    expect(await verifyToken(store, token)).toEqual({ ok: false, reason: "owner_inactive" });
    await store.prisma.$executeRawUnsafe(`UPDATE "user" SET banned = false WHERE id = 'owner-vi'`);
    expect((await verifyToken(store, token)).ok).toBe(true);
    await store.prisma.$executeRawUnsafe(`DELETE FROM "user" WHERE id = 'owner-vi'`);
    expect(await verifyToken(store, token)).toEqual({ ok: false, reason: "owner_missing" });
  });
});
