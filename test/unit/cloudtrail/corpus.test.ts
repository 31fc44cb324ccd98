import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NormalizedEvent } from "@/lib/model/cloudtrail-event";
import { QuarantineItem, SkipItem } from "@/lib/model/ingest-item";
import { CORPUS, corpus, readAll } from "./helpers";

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

const files = listFiles(CORPUS)
  .map((p) => path.relative(CORPUS, p))
  .sort();

/** Expected [events, quarantined, skipped] for files whose counts we know independently. */
const EXPECTED: Record<string, [number, number, number]> = {
  "panther-analysis/aws_cloudtrail_rule_tests.extracted.jsonl": [444, 93, 0],
  "aws-cli/lookup-events.example-output.json": [1, 0, 0],
  "cloudtrail2sightings/aws.execution.ec2-user-data.json": [3, 0, 0],
  "cloudtrail2sightings/aws.credential-access.secretsmanager-retrieve-secrets.json": [10, 0, 0],
  "elastic-integrations/test-cloudtrail-digest-json.log": [0, 0, 1],
  "elastic-integrations/test-console-login-json.log": [3, 0, 0],
  "elastic-integrations/test-tls-details-json.log": [3, 0, 0],
  "awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.08.cloudtrail-insights-event-log-example.json": [2, 0, 0],
  "awsdocs-cloudtrail-user-guide/view-cloudtrail-events-cli.01.looking-up-events.invalid-json.txt": [0, 1, 0],
  "awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.06.iam-log-examples.invalid-json.txt": [1, 0, 0],
  "derived/cloudtrail-log-file-examples.01.amazon-ec2-log-examples.json.gz": [1, 0, 0],
  "panther-analysis/test_scenarios/compromised-root-creds/attacker_cloudtrail.yml": [0, 1, 0],
};

describe("every corpus file through readCloudTrail", () => {
  it("finds the corpus", () => {
    expect(files.length).toBeGreaterThanOrEqual(78);
  });

  const totals = { stratusEvents: 0 };

  it.each(files)("%s", async (rel) => {
    const buf = corpus(rel);
    // Two chunkings must agree.
    const r = await readAll(buf, path.basename(rel), [4096]);
    const r1 = await readAll(buf, path.basename(rel), [97]);
    expect(r1.items.length).toBe(r.items.length);
    expect(r.events.length + r.quarantined.length + r.skipped.length).toBe(r.items.length);
    expect(r.summary.records).toBe(r.items.length);
    expect(r.summary).toMatchObject({ events: r.events.length, quarantined: r.quarantined.length, skipped: r.skipped.length });
    expect(r.items.length).toBeGreaterThan(0);
    r.items.forEach((item, i) => {
      const position = item.type === "event" ? item.position : item.item.position;
      expect(position.index).toBe(i);
    });
    for (const e of r.events) NormalizedEvent.parse(e.event);
    for (const q of r.quarantined) QuarantineItem.parse(q.item);
    for (const s of r.skipped) SkipItem.parse(s.item);
    const want = EXPECTED[rel];
    if (want) expect([r.events.length, r.quarantined.length, r.skipped.length]).toEqual(want);
    if (rel.startsWith("stratus-red-team/")) {
      expect(r.format).toBe("cloudtrail-array");
      expect(r.quarantined).toHaveLength(0);
      totals.stratusEvents += r.events.length;
    }
  });

  it("stratus-red-team totals 310 events", () => {
    expect(totals.stratusEvents).toBe(310);
  });
});
