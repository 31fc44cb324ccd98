import type { Role } from "@/lib/auth/permissions";
import { scopeHas, TOKEN_SCOPES, type TokenScope } from "@/lib/auth/permissions";

/** Token scope rules (pure), on top of lib/auth/permissions.ts `scopeHas`. */
export const TOKEN_KINDS = ["personal", "service"] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export function isTokenScope(x: unknown): x is TokenScope {
  return typeof x === "string" && (TOKEN_SCOPES as readonly string[]).includes(x);
}

/** The role a scope implies: a service token acts with it, a personal token when its owner's role is unknown. */
export function roleForScope(scope: TokenScope): Role {
  switch (scope) {
    case "admin":
      return "admin";
    case "write":
    case "ingest":
      return "editor";
    case "read":
      return "viewer";
  }
}

/** The least role that can hold a token of this scope: a viewer cannot mint a write token for themselves. */
export function scopeAllowedForRole(scope: TokenScope, role: Role): boolean {
  const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
  return rank[role] >= rank[roleForScope(scope)];
}

/** A one-line description of what a scope allows, for the settings page and the CLI. */
export const SCOPE_HELP: Record<TokenScope, string> = {
  ingest: "upload data (POST /api/ingest, OTLP) and nothing else",
  read: "read incidents, sessions, events, sources",
  write: "read, upload and edit (everything an editor can do)",
  admin: "everything, including users, tokens, settings and the audit log",
};

export { scopeHas };
