import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { hashToken, isWellFormedToken } from "@/lib/auth/tokens";
import { createToken, revokeToken } from "@/lib/auth/tokens/mutations";
import { listTokens } from "@/lib/auth/tokens/queries";
import { verifyToken } from "@/lib/auth/tokens/verify";
import type { Store } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { ingestOtlp } from "@/lib/ingest/otlp";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { testStores } from "../support/stores";

const admin: Actor = { kind: "user", userId: "u-admin", email: "admin@example.com", name: "Admin", role: "admin", sessionId: "s1" };
const editor: Actor = { kind: "user", userId: "u-editor", email: "ed@example.com", name: "Ed", role: "editor", sessionId: "s2" };
const viewer: Actor = { kind: "user", userId: "u-viewer", email: "vi@example.com", name: "Vi", role: "viewer", sessionId: "s3" };
const meta = { ip: "192.0.2.7", userAgent: "vitest" };

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return e instanceof AppError ? e.code : `untyped: ${String(e)}`;
  }
}

describe.each(testStores())("API tokens on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("creates a token shown once, stores only its hash, and audits it in the same transaction", async () => {
    const { token, view } = await createToken(store, admin, { name: "ci upload", scope: "ingest", kind: "service", expiresAt: null }, meta);
    expect(isWellFormedToken(token)).toBe(true);
    expect(view).toMatchObject({
      name: "ci upload",
      scope: "ingest",
      kind: "service",
      ownerUserId: null,
      status: "active",
      createdBy: "admin@example.com",
    });
    expect(token.startsWith(view.prefix)).toBe(true);
    const row = await store.prisma.apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(10));
    const audit = await store.prisma.auditLog.findMany({ where: { action: "token.create", targetId: view.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "user",
      actorId: "u-admin",
      actorLabel: "admin@example.com",
      ip: "192.0.2.7",
      userAgent: "vitest",
    });
    expect(audit[0].after).toMatchObject({ name: "ci upload", scope: "ingest", kind: "service", prefix: view.prefix });
    expect(JSON.stringify(audit[0], (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(row.hash);
  });

  it("rolls the token back when its audit row cannot be written", async () => {
    await store.prisma.$executeRawUnsafe(
      `CREATE FUNCTION test_refuse_token_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'token.create' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END; $$`,
    );
    await store.prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_token_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_token_audit()`,
    );
    try {
      await expect(createToken(store, admin, { name: "doomed", scope: "read", kind: "service", expiresAt: null })).rejects.toThrow(
        /audit down/,
      );
      expect(await store.prisma.apiToken.count({ where: { name: "doomed" } })).toBe(0);
    } finally {
      await store.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_token_audit ON audit_log`);
      await store.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_token_audit()`);
    }
  });

  it("verifies a token to its actor, records last use at most once a minute", async () => {
    const { token, view } = await createToken(store, editor, { name: "laptop", scope: "write", kind: "personal", expiresAt: null });
    expect(view).toMatchObject({ kind: "personal", ownerUserId: "u-editor" });
    const t0 = new Date(Date.now() + 1000);
    const r = await verifyToken(store, token, { ip: "198.51.100.1", now: t0 });
    expect(r).toEqual({
      ok: true,
      actor: { kind: "token", tokenId: view.id, tokenName: "laptop", scope: "write", userId: "u-editor", email: null, role: "editor" },
    });
    const used = async () => (await store.prisma.apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt?.getTime();
    expect(await used()).toBe(t0.getTime());
    await verifyToken(store, token, { ip: "198.51.100.2", now: new Date(t0.getTime() + 30_000) });
    expect(await used()).toBe(t0.getTime());
    await verifyToken(store, token, { ip: "198.51.100.3", now: new Date(t0.getTime() + 61_000) });
    expect(await used()).toBe(t0.getTime() + 61_000);
    const row = await store.prisma.apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.lastUsedIp).toBe("198.51.100.3");
  });

  it("refuses malformed, unknown, revoked and expired tokens", async () => {
    expect(await verifyToken(store, "aft_nope")).toEqual({ ok: false, reason: "malformed" });
    const { token: other } = await createToken(store, admin, { name: "x", scope: "read", kind: "service", expiresAt: null });
    await store.prisma.apiToken.deleteMany({ where: { hash: hashToken(other) } });
    expect(await verifyToken(store, other)).toEqual({ ok: false, reason: "unknown" });

    const soon = new Date(Date.now() + 3600_000);
    const { token, view } = await createToken(store, admin, { name: "short", scope: "read", kind: "service", expiresAt: soon });
    expect((await verifyToken(store, token)).ok).toBe(true);
    expect(await verifyToken(store, token, { now: new Date(soon.getTime() + 1) })).toEqual({ ok: false, reason: "expired" });

    const revoked = await revokeToken(store, admin, view.id, meta);
    expect(revoked.status).toBe("revoked");
    expect(revoked.revokedBy).toBe("admin@example.com");
    expect(await verifyToken(store, token)).toEqual({ ok: false, reason: "revoked" });
    // idempotent: a second revoke records nothing more
    await revokeToken(store, admin, view.id);
    const audits = await store.prisma.auditLog.findMany({ where: { action: "token.revoke", targetId: view.id } });
    expect(audits).toHaveLength(1);
    expect(audits[0].diff).toEqual([{ path: "revokedAt", before: null, after: revoked.revokedAt }]);
  });

  it("rate-limits each token (AFTERMATH_TOKEN_RATE_LIMIT per minute) with a typed error", async () => {
    const { token } = await createToken(store, admin, { name: "busy", scope: "ingest", kind: "service", expiresAt: null });
    const { token: calm } = await createToken(store, admin, { name: "calm", scope: "ingest", kind: "service", expiresAt: null });
    process.env.AFTERMATH_TOKEN_RATE_LIMIT = "3";
    try {
      for (let i = 0; i < 3; i++) expect((await verifyToken(store, token)).ok).toBe(true);
      const e = await verifyToken(store, token).catch((x) => x);
      expect(e).toBeInstanceOf(AppError);
      expect(e.code).toBe("rate_limited");
      expect(Number(e.headers["retry-after"])).toBeGreaterThan(0);
      expect((await verifyToken(store, calm)).ok).toBe(true);
    } finally {
      delete process.env.AFTERMATH_TOKEN_RATE_LIMIT;
    }
  });

  it("enforces who may create and revoke which tokens", async () => {
    expect(await code(createToken(store, viewer, { name: "s", scope: "read", kind: "service", expiresAt: null }))).toBe("forbidden");
    expect(await code(createToken(store, editor, { name: "s", scope: "ingest", kind: "service", expiresAt: null }))).toBe("forbidden");
    expect(await code(createToken(store, editor, { name: "p", scope: "admin", kind: "personal", expiresAt: null }))).toBe("forbidden");
    expect(await code(createToken(store, viewer, { name: "p", scope: "ingest", kind: "personal", expiresAt: null }))).toBe("forbidden");
    expect(await code(createToken(store, viewer, { name: "p", scope: "read", kind: "personal", expiresAt: null }))).toBe("ok");
    expect(
      await code(createToken(store, editor, { name: "p", scope: "read", kind: "personal", owner: { id: "u-viewer" }, expiresAt: null })),
    ).toBe("forbidden");
    expect(await code(createToken(store, admin, { name: " ", scope: "read", kind: "service", expiresAt: null }))).toBe("unprocessable");
    expect(
      await code(createToken(store, admin, { name: "old", scope: "read", kind: "service", expiresAt: new Date(Date.now() - 1) })),
    ).toBe("unprocessable");
    const { view } = await createToken(store, admin, { name: "admin's", scope: "admin", kind: "personal", expiresAt: null });
    expect(await code(revokeToken(store, editor, view.id))).toBe("forbidden");
    expect(await code(revokeToken(store, admin, "not-a-uuid"))).toBe("not_found");
    expect(await code(revokeToken(store, admin, "00000000-0000-4000-8000-000000000000"))).toBe("not_found");
    const { view: own } = await createToken(store, editor, { name: "mine", scope: "ingest", kind: "personal", expiresAt: null });
    expect(await code(revokeToken(store, editor, own.id))).toBe("ok");
  });

  it("lists everyone's tokens or one owner's, newest first, never with a hash", async () => {
    const all = await listTokens(store);
    expect(all.length).toBeGreaterThan(3);
    expect(all.map((t) => t.createdAt)).toEqual([...all.map((t) => t.createdAt)].sort().reverse());
    const mine = await listTokens(store, { ownerUserId: "u-editor" });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.ownerUserId === "u-editor")).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/[0-9a-f]{64}/);
  });

  it("records an ingest.source audit row per file with the token that ingested it", async () => {
    const { token } = await createToken(store, admin, { name: "uploader", scope: "ingest", kind: "service", expiresAt: null });
    const v = await verifyToken(store, token);
    if (!v.ok) throw new Error(v.reason);
    const body = Buffer.from(JSON.stringify({ Records: [syntheticRecord(1, { seed: 71 }), syntheticRecord(2, { seed: 71 })] }));
    const report = await ingestFile(store, { name: "tok.json", chunks: Readable.from([body]), via: "api", actor: v.actor, meta });
    expect(report.ingested).toBe(2);
    const rows = await store.prisma.auditLog.findMany({ where: { action: "ingest.source", targetId: report.sourceId! } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorType: "token",
      actorId: v.actor.tokenId,
      actorLabel: "token uploader",
      targetType: "ingest_source",
      ip: "192.0.2.7",
    });
    expect(rows[0].after).toMatchObject({
      file: "tok.json",
      via: "api",
      status: "done",
      read: 2,
      ingested: 2,
      duplicates: 0,
      format: "cloudtrail-records",
    });
    // without an actor the system is named by the channel
    const again = await ingestFile(store, { name: "again.json", chunks: Readable.from([body]), via: "cli" });
    const sys = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "ingest.source", targetId: again.sourceId! } });
    expect(sys).toMatchObject({ actorType: "system", actorLabel: "cli" });
    expect(sys.after).toMatchObject({ read: 2, ingested: 0, duplicates: 2 });
    // an OTLP export request is a source too
    const otlp = await ingestOtlp(store, "logs", Buffer.from("{not json"), {}, { actor: v.actor, meta });
    const o = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "ingest.source", targetId: otlp.sourceId! } });
    expect(o).toMatchObject({ actorType: "token", actorLabel: "token uploader", ip: "192.0.2.7" });
    expect(o.after).toMatchObject({ file: "otlp:/v1/logs", via: "otlp", read: 1, quarantined: 1 });
  });
});
