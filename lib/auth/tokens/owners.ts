import { isRole, type Role } from "@/lib/auth/permissions";

/** The owner of a personal token as the users table knows them (pure). */
export type TokenOwner = { id: string; email: string | null; role: Role | null; active: boolean };

/**
 * Whether a users-table row is an active account. THE one place that decides "deactivated" for tokens: better-auth's
 * admin plugin marks `banned` (with an optional `banExpires`); a `deactivatedAt`/`status` column is honoured too.
 * At merge time, adapt this to the accounts work's final column if it differs.
 */
export function isActiveUserRow(row: Record<string, unknown>, now: Date = new Date()): boolean {
  const banned = row.banned === true;
  const banExpires = row.banExpires ?? row.ban_expires;
  const expiresMs =
    banExpires instanceof Date ? banExpires.getTime() : typeof banExpires === "string" ? Date.parse(banExpires) : Number.NaN;
  const banOver = banned && Number.isFinite(expiresMs) && expiresMs <= now.getTime();
  if (banned && !banOver) return false;
  if (row.deactivatedAt ?? row.deactivated_at) return false;
  if (row.active === false) return false;
  if (typeof row.status === "string" && row.status !== "active") return false;
  return true;
}

export function toOwner(row: object): TokenOwner {
  return toOwnerRow(row as Record<string, unknown>);
}

function toOwnerRow(row: Record<string, unknown>): TokenOwner {
  return {
    id: String(row.id),
    email: typeof row.email === "string" ? row.email : null,
    role: isRole(row.role) ? row.role : null,
    active: isActiveUserRow(row),
  };
}
