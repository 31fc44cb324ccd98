import type { Actor } from "./actor";
import { isRole, type Role } from "./permissions";

/** A user row as the accounts code reads it. */
export type UserRow = { id: string; email: string; name: string; role: string | null; banned: boolean | null };

export function userRole(row: Pick<UserRow, "role">): Role {
  return isRole(row.role) ? row.role : "viewer";
}

/** The Actor for a user row; null for a deactivated user. */
export function userActor(row: UserRow, sessionId: string | null): Actor | null {
  if (row.banned) return null;
  return { kind: "user", userId: row.id, email: row.email, name: row.name, role: userRole(row), sessionId };
}
