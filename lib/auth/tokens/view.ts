import type { TokenScope } from "@/lib/auth/permissions";
import { type TokenStatus, tokenStatus } from "./expiry";
import type { TokenKind } from "./scope";

/** What lists and the API show of a token (never its hash). Pure. */
export type TokenView = {
  id: string;
  name: string;
  scope: TokenScope;
  kind: TokenKind;
  ownerUserId: string | null;
  ownerEmail: string | null;
  prefix: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  status: TokenStatus;
};

export type TokenRow = {
  id: string;
  name: string;
  scope: string;
  kind: string;
  ownerUserId: string | null;
  prefix: string;
  createdAt: Date;
  createdByLabel: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function tokenView(row: TokenRow, ownerEmail: string | null = null, now: Date = new Date()): TokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope as TokenScope,
    kind: row.kind as TokenKind,
    ownerUserId: row.ownerUserId,
    ownerEmail,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByLabel,
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    lastUsedIp: row.lastUsedIp,
    revokedAt: iso(row.revokedAt),
    revokedBy: row.revokedBy,
    status: tokenStatus(row, now),
  };
}

/** The token's fields an audit row records (no hash, no secret). */
export function tokenAuditFields(row: TokenRow) {
  return {
    name: row.name,
    scope: row.scope,
    kind: row.kind,
    ownerUserId: row.ownerUserId,
    prefix: row.prefix,
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
  };
}
