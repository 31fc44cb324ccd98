import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signIn } from "./support/auth";
import { launchBrowser, newPage } from "./support/browser";

/** expect.poll with a timeout that fits server round trips (navigation, router.refresh). */
const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/agent-logs/claude-code-destructive.jsonl");
const SESSION_ID = "7d1c2a9e-3b4f-4c5d-8e6f-0a1b2c3d4e5f";

/** Upload a Claude Code transcript, then read what the agent ran on its session page. */
describe("session from an uploaded Claude Code transcript", () => {
  const base = inject("baseUrl");
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await newPage(browser));
    await signIn(page, base, "editor");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("uploads the transcript on /upload", async () => {
    await page.goto(`${base}/upload`);
    await page.getByTestId("file-input").setInputFiles(FIXTURE);
    const report = page.getByTestId("file-report").first();
    await poll(() => report.getAttribute("data-status"), 60_000).toBe("done");
    const count = async (k: string) => Number((await page.getByTestId(`total-${k}`).textContent())?.replace(/,/g, ""));
    // a fresh store ingests it; a re-run finds it already there
    expect((await count("ingested")) + (await count("duplicates"))).toBeGreaterThan(0);
  });

  it("finds the session in the list and opens it", async () => {
    await page.goto(`${base}/sessions?q=${SESSION_ID}`);
    const row = page.getByTestId("session-row").first();
    expect(await row.textContent()).toContain("claude-code");
    await row.getByTestId("session-link").click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}/);
  });

  it("shows its Bash commands with their risk and approval", async () => {
    const commands = page.getByTestId("command");
    await poll(() => commands.count()).toBeGreaterThanOrEqual(4);
    const text = (await commands.allTextContents()).join("\n");
    expect(text).toContain("aws cloudformation list-stacks --profile staging --region us-east-1");
    expect(text).toContain("terraform destroy -auto-approve");
    expect(text).toContain("aws cloudformation delete-stack --stack-name api-prod");
    const destructive = page.locator('[data-testid="action"][data-risk="destructive"]');
    expect(await destructive.count()).toBeGreaterThan(0);
    expect(await page.getByTestId("approval").count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId("session-header").textContent()).toContain("claude-code");
    expect(await page.getByTestId("source-file-link").textContent()).toContain("claude-code-destructive.jsonl");
    expect(errors).toEqual([]);
  });
});
