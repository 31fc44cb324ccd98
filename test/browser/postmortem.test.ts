import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_EXPECTED } from "@/lib/demo/expected";
import { signIn, TEST_USERS } from "./support/auth";
import { launchBrowser, newPage } from "./support/browser";

const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/** The reviewer the journey names: the second editor the browser global setup creates. */
const REVIEWER_EMAIL = TEST_USERS.editor2.email;
const HOSTILE = [
  "Hostile: <script>window.__pwned = 1</script>",
  "[click me](javascript:window.__pwned=2)",
  '<img src="x" onerror="window.__pwned=3">',
  "<b>raw html</b> and **bold**",
].join("\n\n");

/**
 * The post-mortem workflow on the demo incident: star and mark events, write the post-mortem, a second user reviews
 * and approves it, export Markdown and PDF; hostile Markdown renders inert.
 */
describe("post-mortem journey", () => {
  const base = inject("baseUrl");
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let incidentId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, errors } = await newPage(browser));
    await signIn(page, base, "editor");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("stars, marks and comments on the demo incident's events (keyboard too)", async () => {
    await page.goto(`${base}/incidents`);
    await page.getByTestId("incident-row").filter({ hasText: DEMO_EXPECTED.triggerEventName }).getByTestId("incident-link").click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}/);
    incidentId = page.url().split("/incidents/")[1].split(/[?#]/)[0];
    const panel = page.getByTestId("annotations-panel");
    const trigger = panel.locator(`[data-event-id="${DEMO_EXPECTED.triggerEventId}"]`);
    await trigger.click();
    await panel.getByTestId("star-event").click();
    await poll(() => trigger.textContent()).toContain("★");

    await panel.getByTestId("annotation-kind").selectOption("marker");
    await panel.getByTestId("annotation-marker").selectOption("contributing_factor");
    await panel.getByTestId("annotation-body").fill("No approval gate on destructive calls");
    await panel.getByTestId("annotation-submit").click();
    await poll(() => panel.getByTestId("marker-list").textContent()).toContain("Contributing factor");

    await panel.getByTestId("annotation-kind").selectOption("comment");
    await panel.getByTestId("annotation-body").fill(`Why was autopilot on?\n\n${HOSTILE}`);
    await panel.getByTestId("annotation-submit").click();
    await poll(() => panel.getByTestId("comment-list").textContent()).toContain("Why was autopilot on?");

    // keyboard: j moves to the next event, s stars it
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    await page.keyboard.press("s");
    await poll(() => panel.locator("[data-event-id] >> text=★").count()).toBeGreaterThanOrEqual(2);

    // filter: only marked/starred
    await panel.getByTestId("only-marked").check();
    await poll(() => panel.locator("[data-event-id]").count()).toBeGreaterThanOrEqual(2);
    const marked = await panel.locator("[data-event-id]").count();
    await panel.getByTestId("only-marked").uncheck();
    expect(await panel.locator("[data-event-id]").count()).toBeGreaterThan(marked);
  });

  it("hostile Markdown in a comment renders inert", async () => {
    const list = page.getByTestId("comment-list");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await list.locator("script").count()).toBe(0);
    expect(await list.locator("img").count()).toBe(0);
    for (const href of await list.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? "")))
      expect(href).not.toMatch(/^javascript:/i);
    expect(await list.locator("b", { hasText: "raw html" }).count()).toBe(0);
    expect(await list.locator("strong", { hasText: "bold" }).count()).toBe(1);
  });

  it("writes the post-mortem: drafted from the reconstruction, edited, saved as a revision", async () => {
    await page.getByTestId("open-postmortem").click();
    await page.waitForURL(/\/postmortems\//);
    const doc = page.getByTestId("postmortem-document");
    await poll(() => doc.count(), 60_000).toBe(1);
    expect(await doc.textContent()).toContain("What the agent did");
    expect(await doc.locator(`a[data-evidence="${DEMO_EXPECTED.triggerEventId}"]`).count()).toBeGreaterThan(0);
    const body = page.getByTestId("postmortem-body-input");
    await body.fill(`${await body.inputValue()}\n## Lessons\n\nAdd an approval gate for agents.\n\n${HOSTILE}\n`);
    await page.getByTestId("postmortem-preview-tab").click();
    await page.getByTestId("postmortem-save").click();
    await poll(() => page.getByTestId("postmortem-save-status").textContent()).toContain("revision 2");
    await poll(() => doc.textContent()).toContain("Add an approval gate for agents.");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await doc.locator("script, img").count()).toBe(0);
  });

  it("the author cannot approve; a second editor reviews and approves it", async () => {
    await page.getByTestId("reviewers-input").fill(REVIEWER_EMAIL);
    await page.getByTestId("request-review").click();
    await poll(() => page.getByTestId("postmortem-status").textContent()).toBe("In review");
    await page.getByTestId("review-decision").selectOption("approved");
    await page.getByTestId("review-submit").click();
    await poll(() => page.getByTestId("review-status").textContent()).toMatch(/author cannot approve/i);

    const second = await newPage(browser);
    await signIn(second.page, base, "editor2");
    await second.page.goto(`${base}/postmortems/${incidentId}`);
    await second.page.getByTestId("review-body").fill("Timeline and evidence check out.");
    await second.page.getByTestId("review-decision").selectOption("approved");
    await second.page.getByTestId("review-submit").click();
    await poll(() => second.page.getByTestId("postmortem-status").textContent()).toBe("Approved");
    await second.page.close();
  });

  it("exports Markdown and a clean PDF", async () => {
    const md = await page.context().request.get(`${base}/api/incidents/${incidentId}/postmortem.md`);
    expect(md.status()).toBe(200);
    const text = await md.text();
    expect(text).toMatch(/^# Post-mortem: /);
    expect(text).toContain("## Appendix: timeline");
    expect(text).toContain("Why was autopilot on?");
    expect(text).toContain(`/events?event=${DEMO_EXPECTED.triggerEventId}`);

    await page.goto(`${base}/postmortems/${incidentId}`);
    await page.getByTestId("postmortem-document").waitFor();
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: false });
    const dir = mkdtempSync(path.join(tmpdir(), "pm-pdf-"));
    try {
      writeFileSync(path.join(dir, "pm.pdf"), pdf);
      // pdftotext: poppler-utils (test/ensure-system-deps.sh installs it)
      const out = execFileSync("pdftotext", ["-layout", path.join(dir, "pm.pdf"), "-"], { encoding: "utf8" });
      expect(out).toContain("Post-mortem:");
      expect(out).toContain("Timeline");
      expect(out).toContain("Why was autopilot on?");
      expect(out).not.toContain("Request review"); // the review controls are not printed
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
  });
});
