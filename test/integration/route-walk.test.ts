import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { createUser } from "@/lib/auth/mutations";
import { isStateChanging, type Permission } from "@/lib/auth/permissions";
import { getAuth } from "@/lib/auth/server";
import type { RouteHandler } from "@/lib/http/route";
import { sessionCookie } from "../support/auth-helpers";

/**
 * Walks every app/**\/route.ts: each exported handler must come from route() (it carries its `permission`),
 * anonymous requests get 401 except on the declared public routes, and a viewer gets 403 on every state-changing
 * handler. Runs against the app's own store (embedded PGlite in memory) and its better-auth instance.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The only routes allowed to be public (health check, better-auth's sign-in/callback endpoints, first-run setup). */
const PUBLIC_ALLOWED = new Set(["/api/health", "/api/auth/[...all]", "/api/setup"]);

/**
 * Route files other engineers move onto route() in their branches (OTLP). Once a file here has
 * permissions this test fails until it is removed from the list, so the list cannot go stale.
 */
const MOVED_ELSEWHERE = new Set(["/v1/logs", "/v1/traces"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === "route.ts" ? [p] : [];
  });
}

type Entry = { urlPath: string; method: (typeof METHODS)[number]; handler: RouteHandler | ((...a: unknown[]) => unknown) };

function sampleParams(urlPath: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const m of urlPath.matchAll(/\[(\.\.\.)?([^\]]+)\]/g))
    params[m[2]!] = m[1] ? ["sign-in", "email"] : "00000000-0000-4000-8000-000000000000";
  return params;
}

function call(e: Entry, headers: Record<string, string>) {
  const concrete = e.urlPath.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_, dots) =>
    dots ? "sign-in/email" : "00000000-0000-4000-8000-000000000000",
  );
  const mutating = !["GET", "HEAD", "OPTIONS"].includes(e.method);
  const request = new Request(`http://localhost${concrete}`, {
    method: e.method,
    headers: { host: "localhost", ...(mutating ? { "content-type": "application/json" } : {}), ...headers },
    body: mutating ? "{}" : undefined,
  });
  return (e.handler as RouteHandler)(request, { params: Promise.resolve(sampleParams(e.urlPath)) });
}

describe("route walk", () => {
  const entries: Entry[] = [];
  let viewerCookie = "";
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    process.env.DATABASE_URL = "pglite:memory";
    delete process.env.AFTERMATH_URL;
    for (const file of routeFiles(APP)) {
      const urlPath = `/${path.relative(APP, path.dirname(file)).split(path.sep).join("/")}`;
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS)
        if (typeof mod[method] === "function") entries.push({ urlPath, method, handler: mod[method] as Entry["handler"] });
    }
    const auth = await getAuth();
    const { getStore } = await import("@/lib/db");
    await createUser(await getStore(), CLI_ACTOR, { email: "viewer@walk.test", role: "viewer", password: "viewer password 1" });
    const res = await auth.handler(
      new Request("http://localhost/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost", "x-forwarded-for": "10.0.0.9" },
        body: JSON.stringify({ email: "viewer@walk.test", password: "viewer password 1" }),
      }),
    );
    viewerCookie = sessionCookie(res) ?? "";
    expect(viewerCookie).not.toBe("");
  });
  afterAll(async () => {
    const { getStore } = await import("@/lib/db");
    await (await getStore()).close();
    process.env.DATABASE_URL = savedUrl;
  });

  it("finds the route files", () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
    expect(entries.map((e) => `${e.method} ${e.urlPath}`)).toEqual(
      expect.arrayContaining(["POST /api/incidents/[id]/phases", "PATCH /api/users/[id]"]),
    );
  });

  it("every handler is made by route() and declares a permission; only the allowed routes are public", () => {
    const missing: string[] = [];
    for (const e of entries) {
      const permission = (e.handler as Partial<RouteHandler>).permission;
      if (MOVED_ELSEWHERE.has(e.urlPath)) {
        expect(permission, `${e.urlPath} now uses route(): remove it from MOVED_ELSEWHERE`).toBeUndefined();
        continue;
      }
      if (typeof permission !== "string") missing.push(`${e.method} ${e.urlPath}`);
      else if (permission === "public") expect(PUBLIC_ALLOWED.has(e.urlPath), `${e.method} ${e.urlPath} is public`).toBe(true);
    }
    expect(missing).toEqual([]);
  });

  it("anonymous requests get 401 on every non-public handler", async () => {
    const answered: string[] = [];
    for (const e of entries) {
      const permission = (e.handler as Partial<RouteHandler>).permission;
      if (!permission || permission === "public") continue;
      const res = await call(e, { origin: "http://localhost" });
      answered.push(`${e.method} ${e.urlPath} ${res.status}`);
      expect(res.status, `${e.method} ${e.urlPath}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    }
    expect(answered.length).toBeGreaterThanOrEqual(8);
  });

  it("a viewer gets 403 on every state-changing handler, and is let through the read handlers", async () => {
    let stateChanging = 0;
    for (const e of entries) {
      const permission = (e.handler as Partial<RouteHandler>).permission;
      if (!permission || permission === "public") continue;
      const res = await call(e, { cookie: viewerCookie, origin: "http://localhost" });
      if (isStateChanging(permission as Permission)) {
        stateChanging++;
        expect(res.status, `${e.method} ${e.urlPath}`).toBe(403);
      } else expect([401, 403], `${e.method} ${e.urlPath} refused a viewer`).not.toContain(res.status);
    }
    expect(stateChanging).toBeGreaterThanOrEqual(5);
  });

  it("refuses a cookie-authenticated state change from another origin or without Origin (CSRF), and another Host when AFTERMATH_URL is set", async () => {
    const { getStore } = await import("@/lib/db");
    await createUser(await getStore(), CLI_ACTOR, { email: "editor@walk.test", role: "editor", password: "editor password 1" });
    const res = await (await getAuth()).handler(
      new Request("http://localhost/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost", "x-forwarded-for": "10.0.0.10" },
        body: JSON.stringify({ email: "editor@walk.test", password: "editor password 1" }),
      }),
    );
    const cookie = sessionCookie(res)!;
    const phases = entries.find((e) => e.urlPath === "/api/incidents/[id]/phases" && e.method === "POST")!;
    const evil = await call(phases, { cookie, origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain("Cross-origin");
    expect((await call(phases, { cookie })).status).toBe(403);
    // same origin: gets past the checks (422: the empty body is not a phase edit)
    expect((await call(phases, { cookie, origin: "http://localhost" })).status).toBe(422);

    process.env.AFTERMATH_URL = "https://aftermath.example.com";
    try {
      const events = entries.find((e) => e.urlPath === "/api/events/[eventId]")!;
      expect((await call(events, { cookie })).status).toBe(421);
    } finally {
      delete process.env.AFTERMATH_URL;
    }
  });
});
