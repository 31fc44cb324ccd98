import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { ensureEnvAdmin } from "@/lib/auth/first-run";
import { createFirstAdmin, createUser, revokeSession, setUserActive, setUserRole } from "@/lib/auth/mutations";
import { listUserSessions, listUsers } from "@/lib/auth/queries";
import { resolveActor } from "@/lib/auth/resolve-actor";
import { type Auth, createAuth, MAX_FAILED_SIGN_INS } from "@/lib/auth/server";
import type { Store } from "@/lib/db";
import { authCall, ORIGIN, sessionCookie, signInCookie } from "../support/auth-helpers";
import { testStores } from "../support/stores";

const PW = "correct horse battery";

function audit(store: Store, action: string) {
  return store.prisma.auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });
}

function req(cookie: string | null, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}/api/x`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
}

describe.each(testStores())("accounts on $name", ({ open }) => {
  let store: Store;
  let auth: Auth;
  let adminId: string;
  beforeAll(async () => {
    store = await open();
    auth = await createAuth(store, {});
  });
  afterAll(async () => {
    await store?.close();
  });

  it("first run: the env admin is created once, never changed; /setup's createFirstAdmin refuses once a user exists", async () => {
    expect(await ensureEnvAdmin(store, {})).toBeNull();
    expect(await store.prisma.user.count()).toBe(0);
    const admin = await ensureEnvAdmin(store, { AFTERMATH_ADMIN_EMAIL: "Admin@Example.com", AFTERMATH_ADMIN_PASSWORD: PW });
    expect(admin).toMatchObject({ email: "admin@example.com", role: "admin" });
    adminId = admin!.id;
    expect(
      await ensureEnvAdmin(store, { AFTERMATH_ADMIN_EMAIL: "admin@example.com", AFTERMATH_ADMIN_PASSWORD: "another password!" }),
    ).toBeNull();
    expect(await createFirstAdmin(store, { email: "intruder@example.com", password: PW }, null)).toBeNull();
    expect(await store.prisma.user.count()).toBe(1);
    // the original password still works: nothing was changed
    await signInCookie(auth, "admin@example.com", PW, "10.1.0.1");
    const rows = await audit(store, "user.create");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: "system", actorId: "env-admin", targetId: adminId });
    // the password is stored only as better-auth's hash
    const acct = await store.prisma.account.findFirstOrThrow({ where: { userId: adminId } });
    expect(acct.password).not.toContain(PW);
    expect(acct.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
  });

  it("creates users with roles (audited), refuses a duplicate email and a short password", async () => {
    const viewer = await createUser(store, CLI_ACTOR, { email: "viewer@example.com", role: "viewer", password: PW });
    await createUser(store, CLI_ACTOR, { email: "editor@example.com", name: "Ed", role: "editor", password: PW });
    await expect(createUser(store, CLI_ACTOR, { email: "VIEWER@example.com", role: "editor", password: PW })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(createUser(store, CLI_ACTOR, { email: "short@example.com", role: "viewer", password: "short" })).rejects.toThrow();
    const users = await listUsers(store.prisma);
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ["admin@example.com", "admin"],
      ["viewer@example.com", "viewer"],
      ["editor@example.com", "editor"],
    ]);
    const rows = await audit(store, "user.create");
    expect(rows.at(-1)).toMatchObject({ actorType: "system", actorId: "cli", targetId: expect.any(String) });
    expect(rows.map((r) => r.targetId)).toContain(viewer.id);
  });

  it("signs in with a session in the database, resolves the actor from the cookie, audits sign-in and failed sign-in", async () => {
    const cookie = await signInCookie(auth, "editor@example.com", PW, "10.2.0.1");
    const resolved = await resolveActor(req(cookie), auth);
    expect(resolved).toMatchObject({ via: "session", actor: { kind: "user", email: "editor@example.com", role: "editor" } });
    expect(await resolveActor(req(null), auth)).toBeNull();
    expect(await resolveActor(req("aftermath.session_token=forged.value"), auth)).toBeNull();
    const signIns = await audit(store, "auth.sign_in");
    expect(signIns.at(-1)).toMatchObject({ actorType: "user", actorLabel: "editor@example.com", targetType: "session" });

    const bad = await authCall(auth, "/sign-in/email", {
      body: { email: "editor@example.com", password: "wrong password!" },
      ip: "10.2.0.2",
    });
    expect(bad.status).toBe(401);
    expect(sessionCookie(bad)).toBeNull();
    const failed = await audit(store, "auth.sign_in_failed");
    expect(failed.at(-1)).toMatchObject({
      actorType: "anonymous",
      actorLabel: "editor@example.com",
      targetId: "editor@example.com",
      userAgent: "vitest",
    });
  });

  it("a user cannot raise their own role or re-activate themselves through better-auth's endpoints; self sign-up is off", async () => {
    const cookie = await signInCookie(auth, "viewer@example.com", PW, "10.2.5.1");
    const res = await authCall(auth, "/update-user", { body: { name: "V", role: "admin", banned: false }, cookie, ip: "10.2.5.1" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect((await store.prisma.user.findUniqueOrThrow({ where: { email: "viewer@example.com" } })).role).toBe("viewer");
    const signUp = await authCall(auth, "/sign-up/email", {
      body: { email: "self@example.com", password: PW, name: "Self" },
      ip: "10.2.5.2",
    });
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect(await store.prisma.user.count({ where: { email: "self@example.com" } })).toBe(0);
    await authCall(auth, "/sign-out", { body: {}, cookie, ip: "10.2.5.1" });
  });

  it("sign-out ends the session (audited)", async () => {
    const cookie = await signInCookie(auth, "viewer@example.com", PW, "10.3.0.1");
    expect(await resolveActor(req(cookie), auth)).not.toBeNull();
    const out = await authCall(auth, "/sign-out", { body: {}, cookie, ip: "10.3.0.1" });
    expect(out.status).toBe(200);
    expect(await resolveActor(req(cookie), auth)).toBeNull();
    expect((await audit(store, "auth.sign_out")).at(-1)).toMatchObject({ actorLabel: "viewer@example.com" });
  });

  it("role change is audited and takes effect on the next request; the last admin cannot be demoted", async () => {
    const editor = (await listUsers(store.prisma)).find((u) => u.email === "editor@example.com")!;
    const cookie = await signInCookie(auth, "editor@example.com", PW, "10.4.0.1");
    const admin = (await resolveActor(req(await signInCookie(auth, "admin@example.com", PW, "10.4.0.2")), auth))!.actor;
    await setUserRole(store, admin, editor.id, "viewer", { ip: "10.4.0.2", userAgent: "ua" });
    expect((await resolveActor(req(cookie), auth))?.actor).toMatchObject({ role: "viewer" });
    const row = (await audit(store, "user.role_change")).at(-1)!;
    expect(row).toMatchObject({ actorLabel: "admin@example.com", targetId: editor.id, ip: "10.4.0.2" });
    expect(row.diff).toEqual([{ path: "role", before: "editor", after: "viewer" }]);
    await setUserRole(store, admin, editor.id, "editor");
    await expect(setUserRole(store, admin, adminId, "viewer")).rejects.toMatchObject({ code: "conflict" });
  });

  it("deactivation revokes every session at once and refuses sign-in; reactivation lets the user back in", async () => {
    const viewer = (await listUsers(store.prisma)).find((u) => u.email === "viewer@example.com")!;
    const c1 = await signInCookie(auth, "viewer@example.com", PW, "10.5.0.1");
    const c2 = await signInCookie(auth, "viewer@example.com", PW, "10.5.0.2");
    expect(await listUserSessions(store.prisma, viewer.id)).toHaveLength(2);
    const admin = {
      kind: "user" as const,
      userId: adminId,
      email: "admin@example.com",
      name: "admin",
      role: "admin" as const,
      sessionId: null,
    };
    await expect(setUserActive(store, admin, adminId, false)).rejects.toMatchObject({ code: "conflict" });
    const r = await setUserActive(store, admin, viewer.id, false);
    expect(r.revokedSessions).toBe(2);
    expect(await resolveActor(req(c1), auth)).toBeNull();
    expect(await resolveActor(req(c2), auth)).toBeNull();
    const refused = await authCall(auth, "/sign-in/email", { body: { email: "viewer@example.com", password: PW }, ip: "10.5.0.3" });
    expect(refused.status).toBe(403);
    expect(sessionCookie(refused)).toBeNull();
    expect((await audit(store, "user.deactivate")).at(-1)).toMatchObject({ targetId: viewer.id });

    await setUserActive(store, admin, viewer.id, true);
    const c3 = await signInCookie(auth, "viewer@example.com", PW, "10.5.0.4");
    expect(await resolveActor(req(c3), auth)).not.toBeNull();
    const [s] = await listUserSessions(store.prisma, viewer.id);
    await revokeSession(store, admin, viewer.id, s!.id);
    expect(await resolveActor(req(c3), auth)).toBeNull();
    expect(await audit(store, "user.reactivate")).toHaveLength(1);
    expect(await audit(store, "session.revoke")).toHaveLength(1);
  });

  it("password change (better-auth) is audited; the old password stops working", async () => {
    await createUser(store, CLI_ACTOR, { email: "pw@example.com", role: "viewer", password: PW });
    const cookie = await signInCookie(auth, "pw@example.com", PW, "10.6.0.1");
    const res = await authCall(auth, "/change-password", {
      body: { currentPassword: PW, newPassword: "a brand new password", revokeOtherSessions: true },
      cookie,
      ip: "10.6.0.1",
    });
    expect(res.status).toBe(200);
    expect((await audit(store, "user.password_change")).at(-1)).toMatchObject({ actorLabel: "pw@example.com" });
    const old = await authCall(auth, "/sign-in/email", { body: { email: "pw@example.com", password: PW }, ip: "10.6.0.2" });
    expect(old.status).toBe(401);
    await signInCookie(auth, "pw@example.com", "a brand new password", "10.6.0.3");
  });

  it("rate-limits sign-in per client IP (in the database) and per account after repeated failures", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const r = await authCall(auth, "/sign-in/email", {
        body: { email: `nobody${i}@example.com`, password: "whatever it is" },
        ip: "10.7.0.1",
      });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect(await store.prisma.rateLimit.count()).toBeGreaterThan(0);
    // another IP is not limited by the first one's bucket
    expect(
      (await authCall(auth, "/sign-in/email", { body: { email: "nobody@example.com", password: "whatever" }, ip: "10.7.0.2" })).status,
    ).toBe(401);

    await createUser(store, CLI_ACTOR, { email: "target@example.com", role: "viewer", password: PW });
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      await authCall(auth, "/sign-in/email", { body: { email: "target@example.com", password: "guess guess guess" }, ip: `10.8.${i}.1` });
    // the right password from a fresh IP is refused now: the account is locked for the window
    const locked = await authCall(auth, "/sign-in/email", { body: { email: "target@example.com", password: PW }, ip: "10.8.99.1" });
    expect(locked.status).toBe(429);
  });

  it("session cookies are HttpOnly and SameSite=Lax; Secure with an https AFTERMATH_URL", async () => {
    const res = await authCall(auth, "/sign-in/email", { body: { email: "editor@example.com", password: PW }, ip: "10.9.0.1" });
    const set = res.headers.getSetCookie().find((c) => c.startsWith("aftermath.session_token="))!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).not.toMatch(/Secure/i);
    const secureAuth = await createAuth(store, { AFTERMATH_URL: "https://aftermath.example.com" });
    const res2 = await secureAuth.handler(
      new Request("https://aftermath.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://aftermath.example.com", "x-forwarded-for": "10.9.0.2" },
        body: JSON.stringify({ email: "editor@example.com", password: PW }),
      }),
    );
    const set2 = res2.headers.getSetCookie().find((c) => c.includes("aftermath.session_token="))!;
    expect(set2).toMatch(/^__Secure-aftermath\.session_token=/);
    expect(set2).toMatch(/; Secure/i);
  });
});
