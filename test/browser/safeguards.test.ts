import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_EXPECTED } from "@/lib/demo/expected";
import { DEMO_SAFEGUARDS_EXPECTED } from "@/lib/demo/remediation";
import { signIn } from "./support/auth";
import { launchBrowser, newPage } from "./support/browser";

const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/** The seed's remediation, as the engineer who owns it checks it: is it in force, where is it broken, would it have helped. */
describe("safeguards", () => {
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

  it("the incident page lists the safeguards that answer it", async () => {
    await page.goto(`${base}/incidents`);
    const row = page.getByTestId("incident-row").filter({ hasText: DEMO_EXPECTED.triggerEventName });
    await poll(() => row.count()).toBe(1);
    await row.getByTestId("incident-link").click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}/);
    const answering = page.getByTestId("answering-safeguards");
    await poll(() => answering.getByTestId("answering-safeguard-link").count()).toBe(3);
  });

  it("opens the peer-review safeguard: its targets, one verified and one violated", async () => {
    await page.getByTestId("answering-safeguards").getByText("Mandatory peer review").click();
    await page.waitForURL(/\/safeguards\/peer-review-agent-destructive$/);
    await poll(() => page.getByTestId("target-row").count()).toBe(2);
    const violated = page.getByTestId("target-row").filter({ hasText: DEMO_SAFEGUARDS_EXPECTED.violatedTarget });
    expect(await violated.getAttribute("data-status")).toBe("violated");
    const verified = page.getByTestId("target-row").filter({ hasText: DEMO_SAFEGUARDS_EXPECTED.verifiedTarget });
    expect(await verified.getAttribute("data-status")).toBe("verified");
    await poll(() => page.getByTestId("rollout-chart").count()).toBe(1);
  });

  it("a violation links to the CloudTrail event the unreviewed command caused", async () => {
    const violation = page.locator('[data-testid="evidence-item"][data-verdict="violation"]').first();
    expect(await violation.textContent()).toMatch(/without review/);
    const link = violation.getByTestId("evidence-event-link");
    const eventId = await link.getAttribute("title");
    expect(DEMO_SAFEGUARDS_EXPECTED.deniedEventIds as readonly string[]).toContain(eventId);
    await link.click();
    await page.waitForURL(/\/events\?.*event=/);
    const drawer = page.getByTestId("event-drawer");
    await poll(() => drawer.count()).toBe(1);
    await poll(() => drawer.textContent()).toContain(eventId!);
  });

  it("the SCP safeguard shows the replay: it would have blocked the DeleteStack, with the deciding statement", async () => {
    await page.goto(`${base}/safeguards`);
    await poll(() => page.getByTestId("safeguard-row").count()).toBe(3);
    await page.locator('[data-testid="safeguard-row"][data-key="scp-deny-stack-deletes"]').getByTestId("safeguard-link").click();
    await page.waitForURL(/\/safeguards\/scp-deny-stack-deletes$/);
    const replay = page.getByTestId("safeguard-replay");
    await poll(() => replay.getByTestId("replay-total").textContent()).toMatch(/Would have blocked (\d+) of \1 destructive steps/);
    const trigger = replay.locator(
      `[data-testid="replay-step"][data-blocked="1"][data-event="${DEMO_SAFEGUARDS_EXPECTED.replayBlocksTrigger}"]`,
    );
    expect(await trigger.textContent()).toContain("cloudformation:DeleteStack");
    expect(await trigger.getByTestId("replay-statement").textContent()).toContain("DenyStackAndDataDeletesOutsideBreakGlass");
    expect(errors).toEqual([]);
  });
});
