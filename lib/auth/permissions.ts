/**
 * Roles, permissions and token scopes: the one table every route, server action and page checks against.
 * Pure (no database, no HTTP).
 */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_SCOPES = ["ingest", "read", "write", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Every permission a route, action or page can require, with the least role that holds it. */
export const PERMISSIONS = {
  /** read incidents, sessions, events, sources, post-mortems, safeguards */
  "data:read": "viewer",
  /** upload / POST /api/ingest / OTLP */
  "data:ingest": "editor",
  /** edit incident phases */
  "incidents:edit": "editor",
  /** comments, markers, tags, stars */
  "annotations:write": "editor",
  /** write post-mortems, action items */
  "postmortems:write": "editor",
  /** review and approve post-mortems */
  "postmortems:review": "editor",
  /** create, edit, apply safeguards; replay */
  "safeguards:manage": "editor",
  /** create users, change roles, deactivate */
  "users:manage": "admin",
  /** create and revoke service tokens, list everyone's tokens */
  "tokens:manage": "admin",
  /** app settings (retention, …) */
  "settings:manage": "admin",
  /** delete sources and data */
  "data:delete": "admin",
  /** read and export the audit log */
  "audit:read": "admin",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function isRole(x: unknown): x is Role {
  return typeof x === "string" && (ROLES as readonly string[]).includes(x);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[PERMISSIONS[permission]];
}

/** What a token scope allows, before it is narrowed by its owner's role. `ingest` can ingest and nothing else. */
export function scopeHas(scope: TokenScope, permission: Permission): boolean {
  switch (scope) {
    case "ingest":
      return permission === "data:ingest";
    case "read":
      return permission === "data:read";
    case "write":
      return PERMISSIONS[permission] !== "admin";
    case "admin":
      return true;
  }
}

/** Permissions whose requests change state (a viewer is refused all of them). */
export function isStateChanging(permission: Permission): boolean {
  return permission !== "data:read";
}
