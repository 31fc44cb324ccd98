import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { parseClientPosition } from "@/lib/db/read-position";
import { sessionCookie } from "@/test/support/auth-helpers";
import { type PgServer, startPostgres, startStandby } from "@/test/support/postgres-server";

/** The request headers and cookies a server action or server component sees (Next's `headers()` and `cookies()`). */
let currentHeaders = new Headers();
const cookieJar = new Map<string, { value: string; options?: Record<string, unknown> }>();
vi.mock("next/headers", () => ({
  headers: async () => currentHeaders,
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: Record<string, unknown>) => void cookieJar.set(name, { value, options }),
  }),
}));

/**
 * Issue 13: read replicas, against a real streaming standby (pg_basebackup -R from the Debian PostgreSQL binaries,
 * both on loopback). PostgreSQL only: PGlite has no replicas. The routes use the process-wide store, pointed at the
 * primary with DATABASE_REPLICA_URLS naming the standby.
 * Fixture: test/fixtures/cloudtrail/aws.persistence.sts-federation-token.json (Stratus Red Team detonation log, see SOURCES.md).
 */
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/cloudtrail/aws.persistence.sts-federation-token.json");
const EVENT_ID = "6e882b9d-2af8-4c67-b91f-aeac6a0e5e70";
/** Stratus Red Team aws.defense-evasion.cloudtrail-stop detonation log (see SOURCES.md): one StopLogging event. */
const STOP_FIXTURE = path.resolve(import.meta.dirname, "../fixtures/cloudtrail/aws.defense-evasion.cloudtrail-stop.json");
const STOP_EVENT_ID = "10163ed2-2253-469d-a5ee-cbc6651f8934";

let primary: PgServer;
let standby: PgServer | null = null;
let store: Store;
let standbyAdmin: pg.Client;
let modules: Awaited<ReturnType<typeof load>>;
let writerToken = "";
let readerToken = "";
let writer: Actor;
let editor: Actor;
let editorCookie = "";

async function load() {
  return {
    ingest: (await import("@/app/api/ingest/route")).POST,
    event: (await import("@/app/api/events/[eventId]/route")).GET,
    health: (await import("@/app/api/health/route")).GET,
    db: await import("@/lib/db"),
    read: await import("@/lib/db/read"),
    tokens: await import("@/lib/auth/tokens/mutations"),
    actor: await import("@/lib/auth/actor"),
    action: (await import("@/lib/http/action")).action,
    users: await import("@/lib/auth/mutations"),
    auth: await import("@/lib/auth/server"),
    /** a GET route reading through readStore, reporting where its read ran */
    readRoute: (await import("@/lib/http/route")).route({ permission: "data:read" }, async ({ actor }) => {
      const { readStore } = await import("@/lib/db/read");
      return { standby: await inRecovery(await readStore(actor)) };
    }),
  };
}

const viewer: Actor = { kind: "user", userId: "u-viewer", email: "v@example.com", name: "V", role: "viewer", sessionId: null };

async function inRecovery(s: Store): Promise<boolean> {
  const [row] = await s.prisma.$queryRaw<{ r: boolean }[]>`SELECT pg_is_in_recovery() AS r`;
  return row!.r;
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function getEvent(token: string, eventId = EVENT_ID, headers: Record<string, string> = {}): Promise<Response> {
  return modules.event(new Request(`http://x/api/events/${eventId}`, { headers: { authorization: `Bearer ${token}`, ...headers } }), {
    params: Promise.resolve({ eventId }),
  });
}

/** Another app instance behind the load balancer: none of this process's in-memory write positions. */
function forgetInMemoryWritePositions(): void {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("aftermath.writePositions")];
}

async function replayPaused(pause: boolean): Promise<void> {
  await standbyAdmin.query(pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()");
  await until("the standby's replay state", async () => {
    const { rows } = await standbyAdmin.query<{ s: string }>("SELECT pg_get_wal_replay_pause_state() AS s");
    return pause ? rows[0]!.s === "paused" : rows[0]!.s === "not paused";
  });
}

describe("read replicas on a PostgreSQL streaming standby", () => {
  beforeAll(async () => {
    primary = await startPostgres();
    const admin = new pg.Client({ connectionString: primary.url() });
    await admin.connect();
    await admin.query("CREATE DATABASE app");
    await admin.end();
    standby = await startStandby(primary);
    standbyAdmin = new pg.Client({ connectionString: standby.url("app") });
    await standbyAdmin.connect();
    process.env.DATABASE_URL = primary.url("app");
    process.env.DATABASE_REPLICA_URLS = standby.url("app");
    process.env.AFTERMATH_REPLICA_CHECK_MS = "200";
    process.env.AFTERMATH_REPLICA_MAX_LAG_MS = "60000";
    process.env.AFTERMATH_DB_CONNECT_TIMEOUT_MS = "2000";
    modules = await load();
    store = await modules.db.getStore();
    const system = modules.actor.CLI_ACTOR;
    const created = await modules.tokens.createToken(store, system, { name: "writer", scope: "write", kind: "service", expiresAt: null });
    writerToken = created.token;
    writer = { kind: "token", tokenId: created.view.id, tokenName: "writer", scope: "write", userId: null, email: null, role: "editor" };
    readerToken = (await modules.tokens.createToken(store, system, { name: "reader", scope: "read", kind: "service", expiresAt: null }))
      .token;
    // the standby has replayed the migrations and both tokens
    const setupDone = await store.replicas!.primaryLsn();
    await until("the replica to be checked and in step", async () => {
      await store.replicas!.refresh();
      return (await store.replicas!.pick(setupDone)) !== null;
    });
  });

  afterAll(async () => {
    await standbyAdmin?.end().catch(() => undefined);
    await modules?.db.closeProcessStore();
    await standby?.stop();
    await primary?.stop();
  });

  it("sends page reads to the standby and keeps writes and the plain store on the primary", async () => {
    const read = await modules.read.readFrom(store, viewer);
    expect(read).not.toBe(store);
    expect(await inRecovery(read)).toBe(true);
    expect(await inRecovery(store)).toBe(false);
    // the schema replicated: a model read through the replica works
    expect(await read.prisma.apiToken.count()).toBe(2);
    const health = await (await modules.health(new Request("http://x/api/health"), { params: Promise.resolve({}) })).json();
    expect(health).toMatchObject({ ok: true, store: "postgres", replicas: [{ state: "ok" }] });
  });

  it("shows an actor its own just-made write while replay is paused; others read the standby until it catches up", async () => {
    await replayPaused(true);
    try {
      const res = await modules.ingest(
        new Request("http://x/api/ingest?name=sts.json", {
          method: "POST",
          headers: { authorization: `Bearer ${writerToken}` },
          body: readFileSync(FIXTURE),
        }),
        { params: Promise.resolve({}) },
      );
      expect(res.status).toBe(200);
      // the writer's read goes to the primary and sees the event at once
      expect(await modules.read.readFrom(store, writer)).toBe(store);
      expect((await getEvent(writerToken)).status).toBe(200);
      // another reader reads the paused standby, which has not replayed the ingest yet
      expect((await getEvent(readerToken)).status).toBe(404);
      const otherStore = await modules.read.readFrom(store, {
        kind: "token",
        tokenId: "other",
        tokenName: "o",
        scope: "read",
        userId: null,
        email: null,
        role: "viewer",
      });
      expect(await inRecovery(otherStore)).toBe(true);
    } finally {
      await replayPaused(false);
    }
    await until("the standby to replay the ingest", async () => (await getEvent(readerToken)).status === 200);
    // once replayed, the writer's reads go back to the standby
    await until("the writer's reads to return to the standby", async () => {
      await store.replicas!.refresh();
      const s = await modules.read.readFrom(store, writer);
      return s !== store && (await inRecovery(s));
    });
  });

  it("sends a user's reads to the primary after their server action wrote, while replay is paused", async () => {
    const user = await modules.users.createUser(store, modules.actor.CLI_ACTOR, {
      email: "ed@replica.test",
      role: "editor",
      password: "a good password",
    });
    const signIn = await (await modules.auth.getAuth()).handler(
      new Request("http://localhost/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost", "x-forwarded-for": "10.0.3.1" },
        body: JSON.stringify({ email: "ed@replica.test", password: "a good password" }),
      }),
    );
    editorCookie = sessionCookie(signIn)!;
    currentHeaders = new Headers({ cookie: editorCookie, origin: "http://localhost", host: "localhost" });
    editor = { kind: "user", userId: user.id, email: "ed@replica.test", name: "Ed", role: "editor", sessionId: null };
    expect(await inRecovery(await modules.read.readFrom(store, editor))).toBe(true);
    const write = modules.action("annotations:write", z.object({}), async ({ actor }) => {
      await store.prisma.$executeRaw`CREATE TABLE IF NOT EXISTS action_probe (n int)`;
      return actor.kind === "user" ? actor.userId : null;
    });
    await replayPaused(true);
    try {
      expect(await write({})).toEqual({ ok: true, value: user.id });
      expect(await modules.read.readFrom(store, editor)).toBe(store);
      expect(await inRecovery(await modules.read.readFrom(store, viewer))).toBe(true);
    } finally {
      await replayPaused(false);
    }
  });

  it("carries an API write's position to another app instance in X-Aftermath-Wal-Position / X-Aftermath-Min-Position", async () => {
    const instanceB = await modules.db.openStore(); // a second store: its own pools and replica monitor
    try {
      await until("instance B to see the standby in step", async () => {
        await instanceB.replicas!.refresh();
        return (await instanceB.replicas!.pick(await instanceB.replicas!.primaryLsn())) !== null;
      });
      await replayPaused(true);
      try {
        const res = await modules.ingest(
          new Request("http://x/api/ingest?name=stop.json", {
            method: "POST",
            headers: { authorization: `Bearer ${writerToken}` },
            body: readFileSync(STOP_FIXTURE),
          }),
          { params: Promise.resolve({}) },
        );
        expect(res.status).toBe(200);
        expect(res.headers.get("set-cookie")).toBeNull(); // a token client gets the header, not a cookie
        const position = res.headers.get("x-aftermath-wal-position")!;
        expect(position).toMatch(/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/);
        forgetInMemoryWritePositions();
        // without the header, the writer's read on an instance that did not see the write is stale (the paused standby)
        expect((await getEvent(writerToken, STOP_EVENT_ID)).status).toBe(404);
        // sending the position back makes the read wait for a replica that has it — none — so it runs on the primary
        expect((await getEvent(writerToken, STOP_EVENT_ID, { "x-aftermath-min-position": position })).status).toBe(200);
        expect((await getEvent(readerToken, STOP_EVENT_ID, { "x-aftermath-min-position": position })).status).toBe(200);
        // a malformed position is ignored
        expect((await getEvent(writerToken, STOP_EVENT_ID, { "x-aftermath-min-position": "FFFF" })).status).toBe(404);
        // the second instance, given only the position, reads the primary; without it, the standby
        const lsn = parseClientPosition(position);
        expect(await modules.read.readFrom(instanceB, writer, lsn)).toBe(instanceB);
        expect(await inRecovery(await modules.read.readFrom(instanceB, writer))).toBe(true);
      } finally {
        await replayPaused(false);
      }
    } finally {
      await instanceB.close();
    }
  });

  it("carries a browser write's position to another app instance in the aftermath_wal cookie", async () => {
    cookieJar.clear();
    currentHeaders = new Headers({ cookie: editorCookie, origin: "http://localhost", host: "localhost" });
    const write = modules.action("annotations:write", z.object({}), async () => {
      await store.prisma.$executeRaw`CREATE TABLE IF NOT EXISTS cookie_probe (n int)`;
      return true;
    });
    await replayPaused(true);
    try {
      expect(await write({})).toEqual({ ok: true, value: true });
      const cookie = cookieJar.get("aftermath_wal");
      expect(parseClientPosition(cookie?.value)).not.toBeNull();
      expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false, path: "/" });
      expect(cookie?.options?.maxAge).toBeGreaterThanOrEqual(60);
      forgetInMemoryWritePositions();
      // a page on an instance that did not see the write reads the primary because of the cookie alone
      expect(await modules.read.readStore(editor)).toBe(store);
      cookieJar.set("aftermath_wal", { value: "not-a-position" });
      expect(await inRecovery(await modules.read.readStore(editor))).toBe(true);
      cookieJar.delete("aftermath_wal");
      expect(await inRecovery(await modules.read.readStore(editor))).toBe(true);

      // route(): a cookie-authenticated state change answers Set-Cookie; a request carrying it reads the primary
      const res = await modules.ingest(
        new Request("http://localhost/api/ingest?name=stop.json", {
          method: "POST",
          headers: { cookie: editorCookie, origin: "http://localhost", host: "localhost" },
          body: readFileSync(STOP_FIXTURE),
        }),
        { params: Promise.resolve({}) },
      );
      expect(res.status).toBe(200);
      const setCookie = res.headers.get("set-cookie") ?? "";
      expect(setCookie).toMatch(/^aftermath_wal=[0-9A-F]{1,8}\/[0-9A-F]{1,8}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
      forgetInMemoryWritePositions();
      const walCookie = setCookie.split(";")[0]!;
      const routed = await modules.readRoute(
        new Request("http://localhost/api/probe", { headers: { cookie: `${editorCookie}; ${walCookie}` } }),
        { params: Promise.resolve({}) },
      );
      expect(await routed.json()).toEqual({ standby: false });
      const plain = await modules.readRoute(new Request("http://localhost/api/probe", { headers: { cookie: editorCookie } }), {
        params: Promise.resolve({}),
      });
      expect(await plain.json()).toEqual({ standby: true });
    } finally {
      await replayPaused(false);
      cookieJar.clear();
    }
  });

  it("reads from the primary while the standby lags beyond AFTERMATH_REPLICA_MAX_LAG_MS", async () => {
    process.env.AFTERMATH_REPLICA_MAX_LAG_MS = "300";
    await replayPaused(true);
    try {
      await store.prisma.$executeRaw`CREATE TABLE lag_probe (n int)`;
      await store.prisma.$executeRaw`INSERT INTO lag_probe VALUES (1)`;
      await until("the replica to count as lagging", async () => {
        await store.replicas!.refresh();
        return store.replicas!.status()[0]!.state === "lagging";
      });
      const read = await modules.read.readFrom(store, viewer);
      expect(read).toBe(store);
      expect(await inRecovery(read)).toBe(false);
    } finally {
      process.env.AFTERMATH_REPLICA_MAX_LAG_MS = "60000";
      await replayPaused(false);
    }
    await until("the replica to be in step again", async () => {
      await store.replicas!.refresh();
      return store.replicas!.status()[0]!.state === "ok";
    });
  });

  it("falls back to the primary, without an error, when the standby stops (also for a read already routed to it)", async () => {
    const routed = await modules.read.readFrom(store, viewer);
    expect(await inRecovery(routed)).toBe(true);
    await standbyAdmin.end();
    await standby!.stop();
    standby = null;
    // the read that had already picked the standby runs on the primary instead of failing
    expect(await inRecovery(routed)).toBe(false);
    expect((await getEvent(readerToken)).status).toBe(200);
    await store.replicas!.refresh();
    expect(store.replicas!.status()[0]!.state).toBe("down");
    expect(await modules.read.readFrom(store, viewer)).toBe(store);
    const res = await modules.health(new Request("http://x/api/health"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, replicas: [{ state: "down" }] });
  });
});
