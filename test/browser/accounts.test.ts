import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_EXPECTED } from "@/lib/demo/expected";
import { signIn, TEST_USERS } from "./support/auth";
import { launchBrowser, newPage } from "./support/browser";

const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

const APP = path.resolve(import.meta.dirname, "../../app");
const PUBLIC_PAGES = new Set(["/sign-in", "/setup"]);
const SAMPLE_ID = "00000000-0000-4000-8000-000000000000";

/** Every page under app/ as a URL (dynamic segments filled with a sample id). */
function pageUrls(dir = APP): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return pageUrls(p);
    if (name !== "page.tsx") return [];
    const rel = path.relative(APP, path.dirname(p)).split(path.sep).join("/");
    return [`/${rel}`.replace(/\/$/, "").replace(/\[[^\]]+\]/g, SAMPLE_ID) || "/"];
  });
}

describe("access control in the built app", () => {
  const base = inject("baseUrl");
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("redirects anonymous visitors of every page to sign-in (with ?next), and /setup is gone once a user exists", async () => {
    const urls = pageUrls().filter((u) => !PUBLIC_PAGES.has(u));
    expect(urls).toEqual(expect.arrayContaining(["/", "/incidents", `/incidents/${SAMPLE_ID}`, "/upload", "/settings/users"]));
    for (const u of urls) {
      const res = await fetch(`${base}${u}`, { redirect: "manual" });
      expect([303, 307], u).toContain(res.status);
      const location = new URL(res.headers.get("location") ?? "", base);
      expect(location.pathname, u).toBe("/sign-in");
      expect(location.searchParams.get("next"), u).toBe(u);
    }
    expect((await fetch(`${base}/setup`, { redirect: "manual" })).status).toBe(404);
    const anonApi = await fetch(`${base}/api/incidents/${SAMPLE_ID}/timeline`);
    expect(anonApi.status).toBe(401);
  });

  it("sends security headers: a nonce CSP on pages, a deny-all CSP on APIs, nosniff, referrer policy", async () => {
    const page = await fetch(`${base}/sign-in`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await page.text();
    // every script element carries the nonce
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    const api = await fetch(`${base}/api/auth/get-session`);
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("signs in through the form, lands on ?next, shows the user and role, signs out", async () => {
    const { page, errors } = await newPage(browser);
    const csp: string[] = [];
    page.on("console", (m) => {
      if (/Content.Security.Policy/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${base}/sessions`);
    await page.waitForURL(/\/sign-in\?next=%2Fsessions/);
    await page.locator('input[name="email"]').fill(TEST_USERS.editor.email);
    await page.locator('input[name="password"]').fill("not the password");
    await page.getByTestId("sign-in-submit").click();
    await poll(() => page.getByTestId("sign-in-error").textContent()).toContain("Wrong email or password");
    await page.locator('input[name="password"]').fill(TEST_USERS.editor.password);
    await page.getByTestId("sign-in-submit").click();
    await page.waitForURL(/\/sessions$/);
    expect(await page.getByTestId("user-email").textContent()).toBe(TEST_USERS.editor.email);
    expect(await page.getByTestId("user-role").textContent()).toBe("editor");
    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${base}/incidents`);
    await page.waitForURL(/\/sign-in\?next=%2Fincidents/);
    expect(errors).toEqual([]);
    expect(csp).toEqual([]);
  });

  it("a viewer sees no edit controls, gets the 403 page for admin pages, and the server refuses a forged edit", async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, base, "viewer");
    await page.goto(`${base}/incidents`);
    const row = page.getByTestId("incident-row").filter({ hasText: DEMO_EXPECTED.triggerEventName });
    await poll(() => row.count()).toBe(1);
    expect(await page.locator('nav a[href="/upload"]').count()).toBe(0);
    await row.getByTestId("incident-link").click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}/);
    await poll(() => page.getByTestId("phase-detection").count()).toBe(1);
    expect(await page.getByTestId("phase-edit").count()).toBe(0);
    expect(await page.getByTestId("user-role").textContent()).toBe("viewer");

    const id = /\/incidents\/([0-9a-f-]{36})/.exec(page.url())![1];
    const forged = await page.evaluate(async (incidentId) => {
      const res = await fetch(`/api/incidents/${incidentId}/phases`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ phase: "detection", at: "2025-12-09 02:30:00" }),
      });
      return { status: res.status, body: await res.text() };
    }, id);
    expect(forged.status).toBe(403);
    expect(forged.body).toContain("forbidden");
    await page.reload();
    expect(await page.getByTestId("phase-detection").getAttribute("data-source")).not.toBe("edited");

    const upload = await page.goto(`${base}/upload`);
    expect(upload?.status()).toBe(403);
    expect(await page.getByTestId("forbidden").count()).toBe(1);
    const users = await page.goto(`${base}/settings/users`);
    expect(users?.status()).toBe(403);
    expect(errors).toEqual([]);
  });

  it("an admin creates a user, changes the role, and deactivation signs that user out at once", async () => {
    const admin = await newPage(browser);
    await signIn(admin.page, base, "admin");
    await admin.page.goto(`${base}/settings/users`);
    const email = `new-${Date.now()}@aftermath.test`;
    const form = admin.page.getByTestId("new-user-form");
    await form.locator('input[name="email"]').fill(email);
    await form.locator('select[name="role"]').selectOption("viewer");
    await form.locator('input[name="password"]').fill("new-user-password");
    await form.getByRole("button", { name: "Create user" }).click();
    const row = admin.page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await poll(() => row.count()).toBe(1);

    const other = await browser.newContext();
    const userPage = await other.newPage();
    const signedIn = await other.request.post(`${base}/api/auth/sign-in/email`, {
      data: { email, password: "new-user-password" },
      headers: { origin: base },
    });
    expect(signedIn.status()).toBe(200);
    await userPage.goto(`${base}/incidents`);
    await poll(() => userPage.getByTestId("user-role").textContent()).toBe("viewer");

    const patched = (r: { url(): string; request(): { method(): string } }) =>
      r.url().includes("/api/users/") && r.request().method() === "PATCH";
    const [roleRes] = await Promise.all([admin.page.waitForResponse(patched), row.getByTestId("user-role-select").selectOption("editor")]);
    expect(roleRes.status()).toBe(200);
    await userPage.reload();
    expect(await userPage.getByTestId("user-role").textContent()).toBe("editor");

    const [offRes] = await Promise.all([admin.page.waitForResponse(patched), row.getByTestId("user-toggle-active").click()]);
    expect(offRes.status()).toBe(200);
    await poll(() => row.getByTestId("user-state").textContent()).toContain("deactivated");
    await userPage.goto(`${base}/incidents`);
    await userPage.waitForURL(/\/sign-in/);
    await other.close();
    expect(admin.errors).toEqual([]);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** A newcomer's first run, on a second server with a fresh store (no user yet), as `npm start` leaves it. */
describe("first run", () => {
  let server: ChildProcess | null = null;
  let dir = "";
  let base = "";
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "aftermath-first-run-"));
    const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: `pglite:${path.join(dir, "pglite")}` };
    delete env.AFTERMATH_ADMIN_EMAIL;
    delete env.AFTERMATH_ADMIN_PASSWORD;
    const s = spawnSync("node", ["lib/cli/bin.mjs", "setup", "--demo"], { stdio: "inherit", env });
    if (s.status !== 0) throw new Error("aftermath setup --demo failed");
    const port = await freePort();
    server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env,
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline || server.exitCode !== null) throw new Error("the first-run server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("setup page → create the admin → the demo incident, then /setup is gone", async () => {
    const { page, errors } = await newPage(browser);
    const started = Date.now();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/setup$/);
    const form = page.getByTestId("setup-form");
    await form.locator('input[name="email"]').fill("me@example.com");
    await form.locator('input[name="password"]').fill("my first password");
    await form.locator('input[name="confirm"]').fill("my first password");
    await page.getByTestId("setup-submit").click();
    await page.waitForURL(/\/incidents$/);
    const row = page.getByTestId("incident-row").filter({ hasText: DEMO_EXPECTED.triggerEventName });
    await poll(() => row.count()).toBe(1);
    await row.getByTestId("incident-link").click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}/);
    await poll(() => page.getByTestId("trigger-event").textContent()).toBe("DeleteStack");
    const ms = Date.now() - started;
    console.log(`first run: page opened → demo incident shown in ${ms} ms`);
    expect(ms).toBeLessThan(60_000);
    expect(await page.getByTestId("user-role").textContent()).toBe("admin");
    expect(await page.getByTestId("phase-edit").count()).toBeGreaterThan(0);

    const again = await fetch(`${base}/setup`, { redirect: "manual" });
    expect(again.status).toBe(404);
    const api = await fetch(`${base}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "late@example.com", password: "late password 1" }),
    });
    expect(api.status).toBe(404);
    expect(errors).toEqual([]);
  });
});
