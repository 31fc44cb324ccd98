import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";

/** Where the journeys write a screenshot of each page at each width (gitignored; named in the README). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../../test-results/screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Document width vs viewport: > 0 means the page scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<{ doc: number; viewport: number; culprits: string[] }> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      const pr = el.parentElement?.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1 && !(pr && pr.right > vw + 1))
        culprits.push(`${el.tagName}.${String((el as HTMLElement).className).slice(0, 40)}`);
    }
    return { doc: document.documentElement.scrollWidth, viewport: vw, culprits: culprits.slice(0, 5) };
  });
}

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/** axe-core (node_modules/axe-core/axe.min.js) on the page: the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: path.resolve(import.meta.dirname, "../../../node_modules/axe-core/axe.min.js") });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** Pairs of boxes that overlap by more than half a pixel each way. */
export function overlappingPairs(boxes: { x: number; y: number; width: number; height: number }[]): number {
  let n = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > 0.5 && dy > 0.5) n++;
    }
  }
  return n;
}
