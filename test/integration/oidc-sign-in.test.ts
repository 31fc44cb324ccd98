import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { setUserActive } from "@/lib/auth/mutations";
import { resolveActor } from "@/lib/auth/resolve-actor";
import { type Auth, createAuth, handleAuthRequest } from "@/lib/auth/server";
import type { Store } from "@/lib/db";
import { ORIGIN } from "../support/auth-helpers";
import { testStores } from "../support/stores";

/**
 * OpenID Connect sign-in against a real OpenID provider (the `oidc-provider` package, its development login and
 * consent screens) listening on loopback: the whole authorization-code flow with PKCE over HTTP, from
 * POST /api/auth/sign-in/social to the callback that sets the session cookie. No mock of either side.
 */
const CLIENT = { client_id: "aftermath-test", client_secret: "aftermath-test-secret-value" };
const REDIRECT = `${ORIGIN}/api/auth/callback/oidc`;

/** A cookie jar keyed by name (enough for one provider and one app on distinct origins). */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1);
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

let server: http.Server;
let issuer: string;

beforeAll(async () => {
  server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ ...CLIENT, redirect_uris: [REDIRECT], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@corp.example`, email_verified: true, name: `User ${id}` }),
    }),
    cookies: { keys: ["test-cookie-key-one"] },
  });
  server.on("request", provider.callback());
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

/** Drives the whole flow for provider account `login`; returns the app's final callback response and its jar. */
async function ssoSignIn(auth: Auth, login: string): Promise<{ res: Response; app: Jar }> {
  const app = new Jar();
  const idp = new Jar();
  const start = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/incidents", errorCallbackURL: "/sign-in?error=sso" }),
    }),
  );
  expect(start.status).toBe(200);
  app.take(start);
  let url = ((await start.json()) as { url: string }).url;
  expect(url.startsWith(`${issuer}/`)).toBe(true);
  expect(new URL(url).searchParams.get("code_challenge_method")).toBe("S256");
  // follow the provider's redirects, answering its login and consent screens, until it sends us back to the app
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(REDIRECT)) {
      const res = await handleAuthRequest(auth, new Request(url, { headers: { cookie: app.header() } }));
      app.take(res);
      return { res, app };
    }
    const res = await fetch(url, { redirect: "manual", headers: { cookie: idp.header() } });
    idp.take(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location")!, url).toString();
      continue;
    }
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = new URL(`/interaction/${/\/interaction\/([\w-]+)/.exec(url)![1]}`, issuer).toString();
    const form = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt: prompt ?? "consent" });
    const posted = await fetch(action, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: idp.header(), "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    idp.take(posted);
    expect(posted.status, await posted.clone().text()).toBeGreaterThanOrEqual(300);
    url = new URL(posted.headers.get("location")!, action).toString();
  }
  throw new Error("the OIDC flow did not come back to the app");
}

describe.each(testStores())("OpenID Connect sign-in on $name", ({ open }) => {
  let store: Store;
  const env = () => ({
    AFTERMATH_OIDC_ISSUER: issuer,
    AFTERMATH_OIDC_CLIENT_ID: CLIENT.client_id,
    AFTERMATH_OIDC_CLIENT_SECRET: CLIENT.client_secret,
    AFTERMATH_OIDC_DEFAULT_ROLE: "editor",
    AFTERMATH_OIDC_ALLOWED_DOMAIN: "corp.example",
  });
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("creates the user on first SSO sign-in with the configured role, signs them in, audits it", async () => {
    const auth = await createAuth(store, env());
    const { res, app } = await ssoSignIn(auth, "alice");
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location")!, ORIGIN).pathname).toBe("/incidents");
    const cookie = `aftermath.session_token=${app.get("aftermath.session_token")}`;
    const resolved = await resolveActor(new Request(`${ORIGIN}/x`, { headers: { cookie } }), auth);
    expect(resolved?.actor).toMatchObject({ kind: "user", email: "alice@corp.example", role: "editor" });
    const user = await store.prisma.user.findUniqueOrThrow({ where: { email: "alice@corp.example" }, include: { accounts: true } });
    expect(user.accounts.map((a) => [a.providerId, a.accountId])).toEqual([["oidc", "alice"]]);
    const row = await store.prisma.auditLog.findFirstOrThrow({ where: { action: "auth.sign_in", actorLabel: "alice@corp.example" } });
    expect(row.after).toEqual({ via: "oidc" });

    // a second sign-in finds the same user (no duplicate), keeping a role an admin changed meanwhile
    await store.prisma.user.update({ where: { id: user.id }, data: { role: "admin" } });
    const again = await ssoSignIn(auth, "alice");
    expect(again.res.status).toBe(302);
    expect(await store.prisma.user.count({ where: { email: "alice@corp.example" } })).toBe(1);
    expect((await store.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("admin");
  });

  it("refuses an email outside the allowed domain and a deactivated user", async () => {
    const auth = await createAuth(store, { ...env(), AFTERMATH_OIDC_ALLOWED_DOMAIN: "other.example" });
    const { res, app } = await ssoSignIn(auth, "mallory");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/sign-in?error=");
    expect(app.get("aftermath.session_token")).toBeUndefined();
    expect(await store.prisma.user.count({ where: { email: "mallory@corp.example" } })).toBe(0);

    const ok = await createAuth(store, env());
    const alice = await store.prisma.user.findUniqueOrThrow({ where: { email: "alice@corp.example" } });
    await store.prisma.user.update({ where: { id: alice.id }, data: { role: "viewer" } });
    await setUserActive(store, CLI_ACTOR, alice.id, false);
    const refused = await ssoSignIn(ok, "alice");
    expect(refused.res.headers.get("location")).toContain("/sign-in?error=");
    expect(refused.app.get("aftermath.session_token")).toBeUndefined();
  });
});
