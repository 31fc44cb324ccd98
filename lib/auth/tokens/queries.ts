import "server-only";
import type { Store } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type TokenOwner, toOwner } from "./owners";
import { type TokenView, tokenView } from "./view";

type Db = Pick<Prisma.TransactionClient, "user">;

/** A user by id or email (better-auth's users table, lib/auth/server.ts); null when there is no such user. */
export async function findOwner(db: Db, by: { id: string } | { email: string }): Promise<TokenOwner | null> {
  const u =
    "id" in by
      ? await db.user.findUnique({ where: { id: by.id } })
      : await db.user.findFirst({ where: { email: { equals: by.email, mode: "insensitive" } } });
  return u ? toOwner(u) : null;
}

/** A token row by the SHA-256 of the presented token. */
export function findTokenByHash(store: Store, hash: string) {
  return store.prisma.apiToken.findUnique({ where: { hash } });
}

/** Tokens, newest first: everyone's (`ownerUserId` undefined) or one user's personal tokens. */
export async function listTokens(store: Store, opts: { ownerUserId?: string; now?: Date } = {}): Promise<TokenView[]> {
  const rows = await store.prisma.apiToken.findMany({
    where: opts.ownerUserId === undefined ? {} : { ownerUserId: opts.ownerUserId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const emails = new Map<string, string | null>();
  for (const id of new Set(rows.flatMap((r) => (r.ownerUserId ? [r.ownerUserId] : [])))) {
    const owner = await findOwner(store.prisma, { id });
    emails.set(id, owner?.email ?? null);
  }
  return rows.map((r) => tokenView(r, r.ownerUserId ? (emails.get(r.ownerUserId) ?? null) : null, opts.now));
}

export async function getToken(store: Store, id: string): Promise<TokenView | null> {
  const row = await store.prisma.apiToken.findUnique({ where: { id } });
  if (!row) return null;
  const owner = row.ownerUserId ? await findOwner(store.prisma, { id: row.ownerUserId }) : null;
  return tokenView(row, owner?.email ?? null);
}
