import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { UserRow } from "./user-actor";

type Db = Pick<PrismaClient, "user" | "session" | "auditLog" | "account">;

const USER_FIELDS = { id: true, email: true, name: true, role: true, banned: true } as const;

export async function userById(db: Db, id: string): Promise<UserRow | null> {
  return db.user.findUnique({ where: { id }, select: USER_FIELDS });
}

export async function userByEmail(db: Db, email: string): Promise<UserRow | null> {
  return db.user.findUnique({ where: { email: email.toLowerCase() }, select: USER_FIELDS });
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

/** Failed password sign-ins recorded for this email since `since` (the per-account limit). */
export async function recentFailedSignIns(db: Db, email: string, since: Date): Promise<number> {
  if (!email) return 0;
  return db.auditLog.count({ where: { action: "auth.sign_in_failed", targetType: "email", targetId: email, at: { gte: since } } });
}

export type UserListItem = UserRow & {
  createdAt: Date;
  activeSessions: number;
  providers: string[];
};

export async function listUsers(db: Db, now = new Date()): Promise<UserListItem[]> {
  const users = await db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { email: "asc" }],
    select: {
      ...USER_FIELDS,
      createdAt: true,
      accounts: { select: { providerId: true } },
      _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } },
    },
  });
  return users.map(({ accounts, _count, ...u }) => ({
    ...u,
    activeSessions: _count.sessions,
    providers: [...new Set(accounts.map((a) => a.providerId))],
  }));
}

export type SessionItem = {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
};

/** A user's unexpired sessions, newest first (never the token). */
export async function listUserSessions(db: Db, userId: string, now = new Date()): Promise<SessionItem[]> {
  return db.session.findMany({
    where: { userId, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true },
  });
}

/** Does this user sign in with a password (vs SSO only)? */
export async function hasPassword(db: Db, userId: string): Promise<boolean> {
  return (await db.account.count({ where: { userId, providerId: "credential" } })) > 0;
}
