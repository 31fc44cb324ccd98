import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AGENT_TEXTS } from "@/lib/demo/agent-steps";
import { signIn } from "./support/auth";
import { launchBrowser } from "./support/browser";
import { horizontalOverflow, overlappingPairs, screenshot, seriousA11yViolations } from "./support/ux";

const poll = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });
const WIDTHS = [1440, 768, 390] as const;

/** Every page of the app on a desktop, a tablet and a phone: fits the screen, passes axe, has a screenshot. */
describe("every page at 1440, 768 and 390 px", () => {
  const base = inject("baseUrl");
  let browser: Browser;
  let page: Page;
  const pages: { name: string; path: string }[] = [
    { name: "incidents", path: "/incidents" },
    { name: "sessions", path: "/sessions" },
    { name: "events", path: "/events" },
    { name: "sources", path: "/sources" },
    { name: "upload", path: "/upload" },
    { name: "not-found", path: "/no-such-page" },
  ];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, base, "admin");
    // the demo's detail pages
    await page.goto(`${base}/incidents`);
    const incident = await page.getByTestId("incident-link").first().getAttribute("href");
    await page.goto(`${base}/sessions`);
    const session = await page.getByTestId("session-link").first().getAttribute("href");
    await page.goto(`${base}/sources`);
    const source = await page.locator('a[href^="/sources/"]').first().getAttribute("href");
    expect(incident && session && source).toBeTruthy();
    pages.push({ name: "incident", path: incident! }, { name: "session", path: session! }, { name: "source", path: source! });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    it(`fits ${width} px without sideways scrolling and has no serious or critical axe violation`, async () => {
      await page.setViewportSize({ width, height: 900 });
      const failures: string[] = [];
      for (const p of pages) {
        await page.goto(`${base}${p.path}`, { waitUntil: "networkidle" });
        await page.waitForTimeout(300);
        const o = await horizontalOverflow(page);
        if (o.doc > o.viewport) failures.push(`${p.name} @${width}: document ${o.doc} px > ${o.viewport} px (${o.culprits.join(", ")})`);
        await screenshot(page, `${p.name}-${width}`);
        if (width !== 768) for (const v of await seriousA11yViolations(page)) failures.push(`${p.name} @${width}: ${v}`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe("the demo incident tells the story", () => {
  const base = inject("baseUrl");
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, base, "admin");
    await page.goto(`${base}/incidents`);
    await page.getByTestId("incident-link").first().click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}/);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("quotes the prompt and the deciding plan, and measures the customer impact", async () => {
    const prompt = AGENT_TEXTS.find((t) => t.type === "prompt")!.text;
    const story = page.getByTestId("incident-story");
    expect(await story.getByTestId("story-prompt").textContent()).toBe(prompt);
    expect(await story.getByTestId("story-decision").textContent()).toContain("delete cost-insights-prod and recreate it");
    expect(await story.getByTestId("story-command").textContent()).toContain("delete-stack");
    const impact = await page.getByTestId("impact-number").textContent();
    expect(impact).toMatch(/^[1-9][\d,]* failed customer-facing calls over 13 h$/);
    expect(await page.getByTestId("recovery-attempts").locator("li").count()).toBeGreaterThan(1);
  });

  it("opens on the agent session with no overlapping glyphs, the whole incident one click away", async () => {
    const tl = page.getByTestId("incident-timeline");
    await poll(() => tl.getByTestId("timeline-action").count()).toBeGreaterThan(5);
    expect(await tl.getByTestId("preset-session").getAttribute("class")).toContain("on");
    for (const preset of ["session", "incident", "trigger"]) {
      await tl.getByTestId(`preset-${preset}`).click();
      await poll(() => tl.getByTestId(`preset-${preset}`).getAttribute("class")).toContain("on");
      await page.waitForLoadState("networkidle");
      await poll(() => tl.getByText("loading…").count()).toBe(0);
      // every glyph's box in one snapshot (the lanes re-render on each zoom)
      const boxes = await tl.evaluate((root) =>
        Array.from(root.querySelectorAll('[data-testid="timeline-action"], [data-testid="timeline-event"]')).map((el) => {
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      expect(boxes.length, preset).toBeGreaterThan(0);
      expect(overlappingPairs(boxes), `overlapping glyphs in the ${preset} view`).toBe(0);
    }
    await tl.getByTestId("preset-session").click();
  });

  it("lists the agent-linked calls of the timeline's window first", async () => {
    const rows = page.getByTestId("incident-event-row");
    await poll(() => rows.count()).toBeGreaterThan(0);
    expect(await page.getByTestId("lane-linked").getAttribute("aria-selected")).toBe("true");
    expect(await rows.first().getAttribute("data-lane")).toBe("linked");
  });

  it("follows the system's dark mode", async () => {
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    const light = await bg();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await bg();
    expect(dark).not.toBe(light);
    await screenshot(page, "incident-1440-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });
});
