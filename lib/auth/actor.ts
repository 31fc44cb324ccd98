import { type Permission, type Role, roleHas, scopeHas, type TokenScope } from "./permissions";

/**
 * Who is acting: a signed-in user, an API token, or the system itself (the CLI working directly on the store —
 * who holds the store is its admin — and start-up tasks). Every write records one.
 */
export type Actor =
  | { kind: "user"; userId: string; email: string; name: string; role: Role; sessionId: string | null }
  | {
      kind: "token";
      tokenId: string;
      tokenName: string;
      scope: TokenScope;
      /** the personal token's owner; null for a service token */
      userId: string | null;
      email: string | null;
      /** the owner's role (service tokens: the role their scope implies) */
      role: Role;
    }
  | { kind: "system"; name: string };

export function actorCan(actor: Actor, permission: Permission): boolean {
  switch (actor.kind) {
    case "user":
      return roleHas(actor.role, permission);
    case "token":
      return scopeHas(actor.scope, permission) && roleHas(actor.role, permission);
    case "system":
      return true;
  }
}

/** The columns an audit row or an authored row stores for its actor. */
export type ActorRef = { actorType: Actor["kind"]; actorId: string; actorLabel: string; userId: string | null };

export function actorRef(actor: Actor): ActorRef {
  switch (actor.kind) {
    case "user":
      return { actorType: "user", actorId: actor.userId, actorLabel: actor.email, userId: actor.userId };
    case "token":
      return {
        actorType: "token",
        actorId: actor.tokenId,
        actorLabel: `token ${actor.tokenName}${actor.email ? ` (${actor.email})` : ""}`,
        userId: actor.userId,
      };
    case "system":
      return { actorType: "system", actorId: actor.name, actorLabel: actor.name, userId: null };
  }
}

/** The actor for CLI commands that work directly on the store. */
export const CLI_ACTOR: Actor = { kind: "system", name: "cli" };
