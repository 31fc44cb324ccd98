import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_EXPECTED } from "@/lib/demo/expected";
import { signIn } from "./support/auth";
import { launchBrowser, newPage } from "./support/browser";

/** expect.poll with a timeout that fits server round trips (navigation, router.refresh). */
const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/** The demo incident, as an SRE opening Aftermath for the first time sees it. */
describe("demo incident", () => {
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

  it("lands on the incidents list and opens the demo incident", async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/incidents$/);
    const row = page.getByTestId("incident-row").filter({ hasText: DEMO_EXPECTED.triggerEventName });
    await poll(() => row.count()).toBe(1);
    await poll(() => page.getByTestId("incident-summary-chart").count()).toBe(1);
    await row.getByTestId("incident-link").click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}/);
  });

  it("shows the trigger: DeleteStack of the demo stack, the agent's command and the link evidence", async () => {
    const trigger = page.getByTestId("trigger");
    await poll(() => trigger.getByTestId("trigger-event").textContent()).toBe("DeleteStack");
    expect(await trigger.getByTestId("trigger-resource").textContent()).toContain("cost-insights-prod");
    expect(await trigger.getByTestId("trigger-command").textContent()).toContain(DEMO_EXPECTED.triggerCommand);
    expect(await trigger.textContent()).toContain(DEMO_EXPECTED.principalArn);
    expect(await trigger.getByTestId("trigger-evidence").locator("li").count()).toBeGreaterThan(0);
  });

  it("shows the approval gap and the inherited privilege with the engineer's name", async () => {
    const gap = page.getByTestId("finding-approval-gap");
    expect(await gap.textContent()).toMatch(/approval/i);
    expect(await gap.getByTestId("mode-badge").textContent()).toBe(DEMO_EXPECTED.mode);
    const priv = page.getByTestId("finding-inherited-privilege");
    expect(await priv.getByTestId("privilege-human").textContent()).toBe(DEMO_EXPECTED.human);
    expect(await priv.textContent()).toContain("admin role");
  });

  it("shows the 13-hour duration and the five phases", async () => {
    expect(await page.getByTestId("incident-duration").textContent()).toMatch(/^13 h/);
    for (const p of ["trigger", "first_impact", "detection", "mitigation", "recovery"]) {
      expect(await page.getByTestId(`phase-${p}`).getAttribute("data-source")).not.toBe("missing");
    }
    expect(await page.getByTestId("phase-recovery").textContent()).toContain("2025-12-09 15:14:07");
    expect(await page.getByTestId("blast-radius").textContent()).toContain("cost-insights-usage-prod");
  });

  it("draws the timeline with the agent's actions linked to their API calls, and lists the calls", async () => {
    const tl = page.getByTestId("incident-timeline");
    await poll(() => tl.getByTestId("timeline-action").count()).toBeGreaterThan(5);
    await tl.getByTestId("preset-session").click();
    await poll(() => tl.getByTestId("timeline-link").count()).toBeGreaterThan(5);
    await poll(() => page.getByTestId("events-count").textContent()).toMatch(/\d+ calls/);
    expect(await page.getByTestId("incident-event-row").count()).toBeGreaterThan(0);
  });

  it("opens the raw record of the trigger in the event drawer", async () => {
    await page.getByTestId("trigger-event").click();
    const drawer = page.getByTestId("event-drawer");
    await poll(() => drawer.locator("#drawer-title").textContent()).toBe("DeleteStack");
    expect(await drawer.getByTestId("raw-record").textContent()).toContain(DEMO_EXPECTED.triggerEventId);
    await page.keyboard.press("Escape");
    await poll(() => drawer.count()).toBe(0);
    // and again from a blast-radius row, closed with its button
    await page.getByTestId("blast-radius").getByRole("button", { name: "DeleteTable" }).first().click();
    await poll(() => drawer.locator("#drawer-title").textContent()).toBe("DeleteTable");
    await drawer.getByRole("button", { name: /Close/ }).click();
    await poll(() => drawer.count()).toBe(0);
  });

  it("lets a user override a derived phase and reset it", async () => {
    const phase = page.getByTestId("phase-detection");
    await phase.getByTestId("phase-edit").click();
    await phase.locator('input[name="at"]').fill("2025-12-09 02:30:00");
    await phase.locator('textarea[name="note"]').fill("<b>paged</b> by the canary alarm");
    await phase.getByRole("button", { name: "Save" }).click();
    await poll(() => phase.getAttribute("data-source")).toBe("edited");
    expect(await phase.textContent()).toContain("2025-12-09 02:30:00");
    expect(await phase.textContent()).toContain("<b>paged</b> by the canary alarm");
    // the author is the signed-in user, not free text
    expect(await phase.textContent()).toContain("edited by editor@aftermath.test");
    await phase.getByTestId("phase-reset").click();
    await poll(() => phase.getAttribute("data-source")).toBe("derived");
  });

  it("links to the agent session, where the delete shows no approval", async () => {
    await page.getByRole("link", { name: "Agent session" }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}/);
    const del = page.getByTestId("action").filter({ hasText: "delete-stack" });
    await poll(() => del.count()).toBeGreaterThan(0);
    expect(await del.first().getByTestId("approval").getAttribute("data-state")).toBe("none");
    expect(await del.first().getByTestId("linked-event").count()).toBeGreaterThan(1);
    expect(await page.getByTestId("blocked-attempts").textContent()).toContain("AccessDenied");
    expect(errors).toEqual([]);
  });
});
