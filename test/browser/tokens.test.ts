import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { IngestReport } from "@/lib/ingest/report";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { signIn } from "./support/auth";
import { launchBrowser, newPage } from "./support/browser";

/**
 * Issue journey: an admin creates a token on /settings/tokens, `npx aftermath ingest --server` uploads with it, the
 * source appears, the audit log names the token; revoked, the token is refused. NEEDS THE ACCOUNTS MERGE (sign-in,
 * and the routes resolving the session and bearer tokens).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

function aftermath(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("node", ["lib/cli/bin.mjs", ...args], {
      cwd: ROOT,
      env: { ...process.env, AFTERMATH_SERVER: "", DATABASE_URL: "pglite:/nonexistent/never-opened", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("admin creates a token and the CLI uploads with it", () => {
  const base = inject("baseUrl");
  const name = `laptop-${Date.now()}`;
  const work = mkdtempSync(path.join(tmpdir(), "aftermath-token-journey-"));
  const file = path.join(work, `${name}.json`);
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let token = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await newPage(browser));
    await signIn(page, base, "admin");
    writeFileSync(file, JSON.stringify({ Records: Array.from({ length: 5 }, (_, i) => syntheticRecord(i, { seed: 4242 })) }));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a service token with scope ingest and shows it once", async () => {
    await page.goto(`${base}/settings/tokens`);
    await page.getByTestId("token-name").fill(name);
    await page.getByTestId("token-scope").selectOption("ingest");
    await page.getByTestId("token-kind").selectOption("service");
    await page.getByTestId("token-expiry").selectOption("30d");
    await page.getByTestId("token-create").click();
    const box = page.getByTestId("new-token");
    await poll(async () => (await box.count()) > 0 && (await box.inputValue())).toMatch(/^aft_[0-9A-Za-z]{49}$/);
    token = await box.inputValue();
    const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
    await poll(() => row.getAttribute("data-status")).toBe("active");
    expect(await row.textContent()).toContain(token.slice(0, 10));
    expect(await row.textContent()).not.toContain(token.slice(10));
  });

  it("uploads with `npx aftermath ingest --server` and the source appears", { timeout: 180_000 }, async () => {
    const r = await aftermath({ AFTERMATH_TOKEN: token }, "ingest", file, "--server", base, "--json");
    expect(r.code, r.stderr).toBe(0);
    const report = IngestReport.parse(JSON.parse(r.stdout));
    expect(report.files[0]).toMatchObject({ path: file, read: 5, error: null });
    await page.goto(`${base}/sources`);
    // The Sources page groups files by ingest run: one table per run; the uploaded file is in one of them.
    expect(
      await page
        .getByTestId("sources-table")
        .filter({ hasText: `${name}.json` })
        .count(),
    ).toBe(1);
    await page.goto(`${base}/settings/tokens`);
    const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
    expect(await row.textContent()).not.toMatch(/never\s*active/); // last used is set
    await page.goto(`${base}/settings/audit?action=ingest.source&actor=${encodeURIComponent(`token ${name}`)}`);
    await poll(() => page.getByTestId("audit-row").count()).toBe(1);
  });

  it("revokes the token on the page, and the CLI is refused naming the file", { timeout: 180_000 }, async () => {
    await page.goto(`${base}/settings/tokens`);
    const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
    await row.getByTestId("revoke-token").click();
    await row.getByTestId("revoke-token").click();
    await poll(() => row.getAttribute("data-status")).toBe("revoked");
    const r = await aftermath({ AFTERMATH_TOKEN: token }, "ingest", file, "--server", base);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${name}.json: ${base} refused the token (401)`);
    expect(errors).toEqual([]);
  });
});
