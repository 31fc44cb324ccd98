import "server-only";
import { isRole, type Role } from "@/lib/auth/permissions";
import { Prisma } from "@/lib/generated/prisma/client";

/** The owner of a personal token as the users table knows them. */
export type TokenOwner = { id: string; email: string | null; role: Role | null; active: boolean };

type Db = { $queryRaw: <T>(query: Prisma.Sql) => Prisma.PrismaPromise<T> };

let usersTableSeen = false;

async function usersTableExists(db: Db): Promise<boolean> {
  if (usersTableSeen) return true;
  const [row] = await db.$queryRaw<{ t: string | null }[]>(Prisma.sql`SELECT to_regclass('public."user"')::text AS t`);
  usersTableSeen = Boolean(row?.t);
  return usersTableSeen;
}

/**
 * Whether a users-table row is an active account. THE one place that decides "deactivated" for tokens: better-auth's
 * admin plugin marks `banned` (with an optional `banExpires`); a `deactivatedAt`/`status` column is honoured too.
 * At merge time, adapt this to the accounts work's final column if it differs.
 */
export function isActiveUserRow(row: Record<string, unknown>, now: Date = new Date()): boolean {
  const banned = row.banned === true;
  const banExpires = row.banExpires ?? row.ban_expires;
  const banOver = banned && typeof banExpires === "string" && Date.parse(banExpires) <= now.getTime();
  if (banned && !banOver) return false;
  if (row.deactivatedAt ?? row.deactivated_at) return false;
  if (row.active === false) return false;
  if (typeof row.status === "string" && row.status !== "active") return false;
  return true;
}

function toOwner(row: Record<string, unknown>): TokenOwner {
  return {
    id: String(row.id),
    email: typeof row.email === "string" ? row.email : null,
    role: isRole(row.role) ? row.role : null,
    active: isActiveUserRow(row),
  };
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
