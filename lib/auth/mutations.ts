import "server-only";
import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/mutations";
import type { Store } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/route";
import type { Actor } from "./actor";
import { ROLES, type Role } from "./permissions";
import { userRole } from "./user-actor";

export const MIN_PASSWORD = 10;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email({ message: "not an email address" }));
export const Password = z.string().min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`).max(256);
export const UserName = z.string().trim().min(1).max(200);

export const NewUserInput = z.object({
  email: Email,
  name: UserName.optional(),
  role: z.enum(ROLES),
  password: Password,
});
export type NewUserInput = z.input<typeof NewUserInput>;

export type CreatedUser = { id: string; email: string; name: string; role: Role };

function newId(): string {
  return randomBytes(16).toString("hex");
}

/** Serialises user-table changes that check an invariant first (first admin, last admin). */
const USERS_LOCK = 7_140_001;

type Tx = Parameters<Parameters<Store["prisma"]["$transaction"]>[0]>[0];

async function lockUsers(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK}::bigint)`;
}

async function insertUser(tx: Tx, input: z.output<typeof NewUserInput>): Promise<CreatedUser> {
  if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } }))
    throw conflict(`A user with the email ${input.email} already exists.`);
  const id = newId();
  const name = input.name ?? input.email.split("@")[0] ?? input.email;
  await tx.user.create({ data: { id, email: input.email, name, role: input.role, emailVerified: true, banned: false } });
  await tx.account.create({
    data: { id: newId(), userId: id, accountId: id, providerId: "credential", password: await hashPassword(input.password) },
  });
  return { id, email: input.email, name, role: input.role };
}

/** Creates a user with a password (admins on the users page, the CLI). Audited in the same transaction. */
export async function createUser(store: Store, actor: Actor, raw: NewUserInput, meta?: RequestMeta): Promise<CreatedUser> {
  const input = NewUserInput.parse(raw);
  return store.prisma.$transaction(async (tx) => {
    const user = await insertUser(tx, input);
    await recordAudit(tx, { actor, action: "user.create", targetType: "user", targetId: user.id, after: user, meta });
    return user;
  });
}

/**
 * First run: creates the admin when the store has no user yet; null when one exists (never changes an existing
 * user). Used by /setup, `aftermath setup` and the headless AFTERMATH_ADMIN_EMAIL/PASSWORD start.
 */
export async function createFirstAdmin(
  store: Store,
  raw: Omit<NewUserInput, "role">,
  actor: Actor | null,
  meta?: RequestMeta,
): Promise<CreatedUser | null> {
  const input = NewUserInput.parse({ ...raw, role: "admin" });
  return store.prisma.$transaction(async (tx) => {
    await lockUsers(tx);
    if (await tx.user.findFirst({ select: { id: true } })) return null;
    const user = await insertUser(tx, input);
    await recordAudit(tx, {
      actor: actor ?? { kind: "user", userId: user.id, email: user.email, name: user.name, role: "admin", sessionId: null },
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      after: { ...user, firstRun: true },
      meta,
    });
    return user;
  });
}

async function activeAdminsOtherThan(tx: Tx, userId: string): Promise<number> {
  return tx.user.count({ where: { role: "admin", banned: false, id: { not: userId } } });
}

/** Changes a user's role. The last active admin cannot be demoted. */
export async function setUserRole(store: Store, actor: Actor, userId: string, role: Role, meta?: RequestMeta): Promise<void> {
  await store.prisma.$transaction(async (tx) => {
    await lockUsers(tx);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, banned: true } });
    if (!user) throw notFound("No user with this id.");
    const before = userRole(user);
    if (before === role) return;
    if (before === "admin" && (await activeAdminsOtherThan(tx, userId)) === 0)
      throw conflict("This is the last active admin: make another user admin first.");
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAudit(tx, {
      actor,
      action: "user.role_change",
      targetType: "user",
      targetId: userId,
      before: { email: user.email, role: before },
      after: { email: user.email, role },
      meta,
    });
  });
}

/**
 * Deactivates (every session revoked in the same transaction, so the next request is anonymous) or reactivates a
 * user. Nobody deactivates themselves or the last active admin.
 */
export async function setUserActive(
  store: Store,
  actor: Actor,
  userId: string,
  active: boolean,
  meta?: RequestMeta,
): Promise<{ revokedSessions: number }> {
  return store.prisma.$transaction(async (tx) => {
    await lockUsers(tx);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, banned: true } });
    if (!user) throw notFound("No user with this id.");
    if (!active && actor.kind === "user" && actor.userId === userId) throw conflict("You cannot deactivate your own account.");
    if (!active && userRole(user) === "admin" && !user.banned && (await activeAdminsOtherThan(tx, userId)) === 0)
      throw conflict("This is the last active admin: make another user admin first.");
    if (Boolean(user.banned) === !active) return { revokedSessions: 0 };
    await tx.user.update({ where: { id: userId }, data: { banned: !active, banReason: active ? null : "deactivated by an admin" } });
    const revoked = active ? { count: 0 } : await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor,
      action: active ? "user.reactivate" : "user.deactivate",
      targetType: "user",
      targetId: userId,
      before: { email: user.email, active: !user.banned },
      after: { email: user.email, active, revokedSessions: revoked.count },
      meta,
    });
    return { revokedSessions: revoked.count };
  });
}

/** Revokes one session of a user (the users page). */
export async function revokeSession(store: Store, actor: Actor, userId: string, sessionId: string, meta?: RequestMeta): Promise<void> {
  await store.prisma.$transaction(async (tx) => {
    const removed = await tx.session.deleteMany({ where: { id: sessionId, userId } });
    if (removed.count === 0) throw notFound("No such session.");
    await recordAudit(tx, { actor, action: "session.revoke", targetType: "session", targetId: sessionId, before: { userId }, meta });
  });
}
