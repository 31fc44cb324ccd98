import "server-only";
import { recordAudit } from "@/lib/audit/mutations";
import { type Actor, actorCan, actorRef } from "@/lib/auth/actor";
import type { Role, TokenScope } from "@/lib/auth/permissions";
import type { Store } from "@/lib/db";
import { forbidden, notFound, unprocessable } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/route";
import { displayPrefix, generateToken, hashToken } from "./format";
import { findOwner } from "./queries";
import { roleForScope, scopeAllowedForRole, type TokenKind } from "./scope";
import { type TokenView, tokenAuditFields, tokenView } from "./view";

export type CreateTokenInput = {
  name: string;
  scope: TokenScope;
  kind: TokenKind;
  /** personal tokens: the owner (default: the acting user) */
  owner?: { id: string } | { email: string };
  expiresAt: Date | null;
};

export type CreatedToken = { token: string; view: TokenView };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The acting user's id, when the actor is a person (a user, or a personal token's owner). */
function actorUserId(actor: Actor): string | null {
  return actor.kind === "system" ? null : actor.userId;
}

/** Who a personal token belongs to, and the role it is checked against. */
async function resolveOwner(
  store: Store,
  actor: Actor,
  input: CreateTokenInput,
): Promise<{ id: string; email: string | null; role: Role }> {
  const self = actorUserId(actor);
  const by = input.owner ?? (self ? { id: self } : null);
  if (!by) throw unprocessable("A personal token needs an owner (--owner <email>), or create a service token (--service).");
  const owner = await findOwner(store.prisma, by);
  if (owner === null) throw unprocessable(`No user ${"email" in by ? by.email : by.id}.`);
  if (!owner.active) throw unprocessable(`User ${owner.email ?? owner.id} is deactivated.`);
  return { id: owner.id, email: owner.email, role: owner.role ?? roleForScope(input.scope) };
}

/**
 * Creates a token and returns it once (only its hash is stored). A service token, or a personal token for someone
 * else, needs `tokens:manage`; anyone signed in may create personal tokens for themselves, up to their role.
 * Audited (`token.create`) in the same transaction.
 */
export async function createToken(store: Store, actor: Actor, input: CreateTokenInput, meta?: RequestMeta): Promise<CreatedToken> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw unprocessable("A token needs a name of 1 to 100 characters.");
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw unprocessable("The expiry must be in the future.");
  let ownerUserId: string | null = null;
  let ownerEmail: string | null = null;
  if (input.kind === "service") {
    if (input.owner) throw unprocessable("A service token has no owner.");
    if (!actorCan(actor, "tokens:manage")) throw forbidden("Only an admin can create service tokens.");
  } else {
    const owner = await resolveOwner(store, actor, input);
    if (owner.id !== actorUserId(actor) && !actorCan(actor, "tokens:manage"))
      throw forbidden("Only an admin can create tokens for others.");
    if (!scopeAllowedForRole(input.scope, owner.role)) throw forbidden(`A ${owner.role} cannot hold a token with scope ${input.scope}.`);
    ownerUserId = owner.id;
    ownerEmail = owner.email;
  }
  if (actor.kind === "token" && !scopeAllowedForRole(input.scope, roleForScope(actor.scope)))
    throw forbidden("A token cannot create a token with a wider scope than its own.");
  const token = generateToken();
  const by = actorRef(actor);
  const row = await store.prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name,
        scope: input.scope,
        kind: input.kind,
        ownerUserId,
        prefix: displayPrefix(token),
        hash: hashToken(token),
        createdByType: by.actorType,
        createdById: by.actorId,
        createdByLabel: by.actorLabel,
        expiresAt: input.expiresAt,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "token.create",
      targetType: "api_token",
      targetId: created.id,
      after: tokenAuditFields(created),
      meta,
    });
    return created;
  });
  return { token, view: tokenView(row, ownerEmail) };
}

/**
 * Revokes a token (idempotent: revoking a revoked token changes nothing and records nothing). Its owner may revoke
 * it; anyone else needs `tokens:manage`. Audited (`token.revoke`) in the same transaction.
 */
export async function revokeToken(store: Store, actor: Actor, id: string, meta?: RequestMeta): Promise<TokenView> {
  if (!UUID_RE.test(id)) throw notFound(`No token ${id}.`);
  const label = actorRef(actor).actorLabel;
  const row = await store.prisma.$transaction(async (tx) => {
    const before = await tx.apiToken.findUnique({ where: { id } });
    if (!before) throw notFound(`No token ${id}.`);
    const own = before.ownerUserId !== null && before.ownerUserId === actorUserId(actor);
    if (!own && !actorCan(actor, "tokens:manage")) throw forbidden("Only an admin can revoke others' tokens.");
    if (before.revokedAt) return before;
    const after = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date(), revokedBy: label } });
    await recordAudit(tx, {
      actor,
      action: "token.revoke",
      targetType: "api_token",
      targetId: id,
      before: tokenAuditFields(before),
      after: tokenAuditFields(after),
      meta,
    });
    return after;
  });
  const owner = row.ownerUserId ? await findOwner(store.prisma, { id: row.ownerUserId }) : null;
  return tokenView(row, owner?.email ?? null);
}

/** Records a token's use: lastUsedAt/lastUsedIp, at most once per `throttleMs` (conditional, so concurrent requests write it once). */
export async function touchTokenLastUsed(store: Store, id: string, now: Date, ip: string | null, throttleMs: number): Promise<void> {
  await store.prisma.apiToken.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - throttleMs) } }] },
    data: { lastUsedAt: now, lastUsedIp: ip },
  });
}
