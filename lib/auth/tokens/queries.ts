import "server-only";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { type TokenOwner, toOwner } from "./owners";
import { type TokenView, tokenView } from "./view";

type Db = { $queryRaw: <T>(query: Prisma.Sql) => Prisma.PrismaPromise<T> };

/** Clients known to have the users table (it appears with a migration and never goes away). */
const usersTableSeen = new WeakSet<object>();

async function usersTableExists(db: Db): Promise<boolean> {
  if (usersTableSeen.has(db)) return true;
  const [row] = await db.$queryRaw<{ t: string | null }[]>(Prisma.sql`SELECT to_regclass('public."user"')::text AS t`);
  if (row?.t) usersTableSeen.add(db);
  return Boolean(row?.t);
}

/**
 * Looks a user up by id or email in the accounts work's `user` table (better-auth's default name). Returns
 * `undefined` when there is no users table yet (tokens then act with their scope's role), null when there is one but
 * no such user.
 */
export async function findOwner(db: Db, by: { id: string } | { email: string }): Promise<TokenOwner | null | undefined> {
  if (!(await usersTableExists(db))) return undefined;
  const rows =
    "id" in by
      ? await db.$queryRaw<{ row: Record<string, unknown> }[]>(
          Prisma.sql`SELECT to_jsonb(u) AS row FROM "user" u WHERE u.id::text = ${by.id}`,
        )
      : await db.$queryRaw<{ row: Record<string, unknown> }[]>(
          Prisma.sql`SELECT to_jsonb(u) AS row FROM "user" u WHERE lower(u.email) = lower(${by.email})`,
        );
  return rows[0] ? toOwner(rows[0].row) : null;
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
