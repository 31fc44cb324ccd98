import { describe, expect, it } from "vitest";
import { redactSecrets } from "@/lib/agent-logs/redact";
import { actorCan } from "@/lib/auth/actor";
import {
  displayPrefix,
  generateToken,
  hashToken,
  isWellFormedToken,
  parseExpiry,
  roleForScope,
  SlidingWindowLimiter,
  scopeAllowedForRole,
  TOKEN_LENGTH,
  tokenRateLimit,
  tokenStatus,
} from "@/lib/auth/tokens";

describe("token format", () => {
  it("is aft_ + 49 base62 characters, different every time, with a checksum", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).toMatch(/^aft_[0-9A-Za-z]{49}$/);
    expect(a).toHaveLength(TOKEN_LENGTH);
    expect(a).not.toBe(b);
    expect(isWellFormedToken(a)).toBe(true);
    expect(displayPrefix(a)).toBe(a.slice(0, 10));
  });

  it("encodes all 32 bytes: zero and max bytes give fixed-length tokens", () => {
    const zero = generateToken(new Uint8Array(32));
    const max = generateToken(new Uint8Array(32).fill(255));
    expect(zero).toHaveLength(TOKEN_LENGTH);
    expect(max).toHaveLength(TOKEN_LENGTH);
    expect(zero.slice(4, 47)).toBe("0".repeat(43));
    expect(isWellFormedToken(max)).toBe(true);
    expect(() => generateToken(new Uint8Array(16))).toThrow(/32 random bytes/);
  });

  it("refuses typos, truncation and other shapes without a lookup", () => {
    const t = generateToken();
    const flip = t.slice(0, 20) + (t[20] === "a" ? "b" : "a") + t.slice(21);
    expect(isWellFormedToken(flip)).toBe(false);
    expect(isWellFormedToken(t.slice(0, -1))).toBe(false);
    expect(isWellFormedToken(`${t}x`)).toBe(false);
    expect(isWellFormedToken(`xft_${t.slice(4)}`)).toBe(false);
    expect(isWellFormedToken("")).toBe(false);
  });

  it("hashes to hex SHA-256 of the whole token", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const t = generateToken();
    expect(hashToken(t)).not.toBe(hashToken(t.replace(/.$/, "0")));
  });

  it("is redacted from agent logs like other credentials", () => {
    const t = generateToken();
    const r = redactSecrets(`export AFTERMATH_TOKEN=${t}\ncurl -H "x-token: ${t}"`);
    expect(r.text).not.toContain(t.slice(4));
    expect(r.text.match(/\[REDACTED:aftermath-token\]/g)).toHaveLength(2);
    expect(r.count).toBe(2);
  });
});

describe("scope rules", () => {
  const tokenActor = (scope: "ingest" | "read" | "write" | "admin") =>
    ({ kind: "token", tokenId: "t", tokenName: "n", scope, userId: null, email: null, role: roleForScope(scope) }) as const;

  it("an ingest token can ingest and nothing else", () => {
    const a = tokenActor("ingest");
    expect(actorCan(a, "data:ingest")).toBe(true);
    for (const p of ["data:read", "incidents:edit", "tokens:manage", "audit:read", "data:delete"] as const)
      expect(actorCan(a, p)).toBe(false);
  });

  it("service tokens take the role their scope implies", () => {
    expect(roleForScope("admin")).toBe("admin");
    expect(roleForScope("write")).toBe("editor");
    expect(roleForScope("ingest")).toBe("editor");
    expect(roleForScope("read")).toBe("viewer");
    expect(actorCan(tokenActor("read"), "data:read")).toBe(true);
    expect(actorCan(tokenActor("read"), "data:ingest")).toBe(false);
    expect(actorCan(tokenActor("write"), "incidents:edit")).toBe(true);
    expect(actorCan(tokenActor("write"), "tokens:manage")).toBe(false);
    expect(actorCan(tokenActor("admin"), "audit:read")).toBe(true);
  });

  it("a personal token is narrowed by its owner's role", () => {
    expect(actorCan({ ...tokenActor("admin"), role: "viewer" }, "data:ingest")).toBe(false);
    expect(scopeAllowedForRole("admin", "editor")).toBe(false);
    expect(scopeAllowedForRole("write", "editor")).toBe(true);
    expect(scopeAllowedForRole("ingest", "viewer")).toBe(false);
    expect(scopeAllowedForRole("read", "viewer")).toBe(true);
  });
});

describe("expiry", () => {
  const now = new Date("2026-12-06T00:00:00Z");
  it("parses presets, hours, weeks, dates and never", () => {
    expect(parseExpiry("30d", now)?.toISOString()).toBe("2027-01-05T00:00:00.000Z");
    expect(parseExpiry("7d", now)?.toISOString()).toBe("2026-12-13T00:00:00.000Z");
    expect(parseExpiry("12h", now)?.toISOString()).toBe("2026-12-06T12:00:00.000Z");
    expect(parseExpiry("2w", now)?.toISOString()).toBe("2026-12-20T00:00:00.000Z");
    expect(parseExpiry("2027-01-31", now)?.toISOString()).toBe("2027-01-31T00:00:00.000Z");
    expect(parseExpiry("2027-01-31T10:00:00+02:00", now)?.toISOString()).toBe("2027-01-31T08:00:00.000Z");
    expect(parseExpiry("never", now)).toBeNull();
  });
  it("refuses nonsense, zero, the past and absurd lengths with a clear message", () => {
    expect(() => parseExpiry("soon", now)).toThrow(/not understood/);
    expect(() => parseExpiry("0d", now)).toThrow(/more than zero/);
    expect(() => parseExpiry("2020-01-01", now)).toThrow(/not in the future/);
    expect(() => parseExpiry("99999d", now)).toThrow(/never/);
    expect(() => parseExpiry("2027-02-31", now)).not.toThrow(); // Date.parse rolls it over; still a future instant
  });
  it("derives a token's status", () => {
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: now, expiresAt: null }, now)).toBe("revoked");
  });
});

describe("rate limit", () => {
  it("allows `limit` uses per window per key, then says how long to wait", () => {
    const l = new SlidingWindowLimiter(3, 60_000);
    expect([l.take("a", 0), l.take("a", 1000), l.take("a", 2000)]).toEqual([0, 0, 0]);
    expect(l.take("a", 3000)).toBeCloseTo(57);
    expect(l.take("b", 3000)).toBe(0);
    expect(l.take("a", 60_001)).toBe(0); // the first use left the window
    l.prune(200_000);
    expect(l.size).toBe(0);
  });
  it("reads AFTERMATH_TOKEN_RATE_LIMIT", () => {
    expect(tokenRateLimit({})).toBe(600);
    expect(tokenRateLimit({ AFTERMATH_TOKEN_RATE_LIMIT: "5" })).toBe(5);
    expect(() => tokenRateLimit({ AFTERMATH_TOKEN_RATE_LIMIT: "-1" })).toThrow(/whole number/);
  });
});
