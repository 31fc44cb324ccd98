import type { Page } from "playwright-core";

/** Users the browser journeys' global setup creates (test/browser/support/global-setup.ts). */
export type TestUser = "admin" | "editor" | "editor2" | "viewer";

export const TEST_USERS: Record<TestUser, { email: string; password: string; role: "admin" | "editor" | "viewer" }> = {
  admin: { email: "admin@aftermath.test", password: "admin-password-1", role: "admin" },
  editor: { email: "editor@aftermath.test", password: "editor-password-1", role: "editor" },
  editor2: { email: "editor2@aftermath.test", password: "editor2-password-1", role: "editor" },
  viewer: { email: "viewer@aftermath.test", password: "viewer-password-1", role: "viewer" },
};

/**
 * Signs `page` in as one of the test users: POST /api/auth/sign-in/email through the page's browser context, so
 * the session cookie lands in its cookie jar (as the sign-in form would). Every journey calls it first.
 * Waits out the sign-in rate limit (429) if the suite signs in faster than it allows.
 */
export async function signIn(page: Page, base: string, who: TestUser = "admin"): Promise<void> {
  const u = TEST_USERS[who];
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await page.context().request.post(`${base}/api/auth/sign-in/email`, {
      data: { email: u.email, password: u.password },
      headers: { origin: base },
    });
    if (res.ok()) return;
    if (res.status() !== 429) throw new Error(`sign-in as ${who} failed: HTTP ${res.status()} ${await res.text()}`);
    const wait = Number(res.headers()["x-retry-after"] ?? "5");
    await new Promise((r) => setTimeout(r, Math.min(60, Math.max(1, wait)) * 1000));
  }
  throw new Error(`sign-in as ${who}: still rate-limited`);
}
