import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { signIn } from "./support/auth";
import { launchBrowser, newPage } from "./support/browser";

/** Issue journey: upload a CloudTrail .json.gz on /upload, then find its events with a filter on /events. */
describe("upload a CloudTrail .json.gz and find its events", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the upload report and the uploaded events under a filter", async () => {
    const base = inject("baseUrl");
    const marker = `upload-journey-${Date.now()}`;
    const records = Array.from({ length: 50 }, (_, i) => {
      const r = syntheticRecord(i, { seed: 777, total: 50, startMs: Date.UTC(2026, 5, 1) });
      return i < 3
        ? { ...r, eventName: "DeleteBucket", eventSource: "s3.amazonaws.com", requestParameters: { bucketName: `${marker}-${i}` } }
        : r;
    });
    // a hostile string in a log field must show as text, not run
    (records[3] as Record<string, unknown>).requestParameters = { bucketName: `<img src=x onerror="window.__pwned=1">${marker}` };
    const dir = mkdtempSync(path.join(tmpdir(), "aftermath-upload-"));
    const file = path.join(dir, "111122223333_CloudTrail_us-east-1_20260601T0000Z_upload.json.gz");
    writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));

    const { page, errors } = await newPage(browser);
    await signIn(page, base, "editor");
    await page.goto(`${base}/upload`);
    await page.getByTestId("file-input").setInputFiles(file);
    const report = page.getByTestId("file-report");
    await expect.poll(async () => report.getAttribute("data-status"), { timeout: 60_000 }).toMatch(/done|ok|success|complete/i);
    await expect
      .poll(async () => (await report.getByTestId("count-ingested").textContent())?.replace(/\D/g, ""), { timeout: 30_000 })
      .toBe("50");

    await page.goto(`${base}/events`);
    await page.getByTestId("filter-q").fill(marker);
    await page.getByTestId("filter-from").fill("2026-05-31T00:00");
    await page.getByTestId("filter-to").fill("2026-06-03T00:00");
    await page.getByTestId("filter-q").press("Enter");
    await expect.poll(async () => page.getByTestId("event-row").count(), { timeout: 30_000 }).toBe(4);
    await expect.poll(() => page.url()).toContain(`q=${marker}`);

    await page.getByTestId("filter-name").fill("DeleteBucket");
    await page.getByTestId("filter-name").press("Enter");
    await expect.poll(async () => page.getByTestId("event-row").count(), { timeout: 30_000 }).toBe(3);

    await page.getByTestId("filter-name").fill("");
    await page.getByTestId("filter-name").press("Enter");
    await expect.poll(async () => page.getByTestId("event-row").count(), { timeout: 30_000 }).toBe(4);
    const hostile = page.getByTestId("event-row").filter({ hasText: "onerror" });
    await hostile.first().click();
    await expect.poll(async () => (await page.getByTestId("raw-record").textContent()) ?? "", { timeout: 30_000 }).toContain("onerror=");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
