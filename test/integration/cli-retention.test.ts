import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { aftermath, cliStores } from "../support/cli-stores";

const { AFTERMATH_RETENTION_DAYS: _unset, ...env } = process.env;
process.env = env;

describe.each(cliStores("cliret"))("aftermath partitions / retention on $name", ({ url }) => {
  it("lists partitions, dry-runs and runs retention by --days, refuses without a retention", async () => {
    const db = await url();
    const recent = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    // synthetic records (test/support/synthetic-cloudtrail.ts, CloudTrail's own layout) at two times
    const records = [
      { ...syntheticRecord(1, { seed: 77, total: 1 }), eventTime: "2019-06-10T10:00:00Z" },
      { ...syntheticRecord(2, { seed: 77, total: 1 }), eventTime: recent },
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), "aftermath-cliret-")), "trail.json");
    writeFileSync(file, JSON.stringify({ Records: records }));
    const ingest = aftermath(db, "ingest", file, "--json", "--no-reconstruct");
    expect(ingest.code, ingest.stderr).toBe(0);

    const listed = aftermath(db, "partitions", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const parts = JSON.parse(listed.stdout) as { name: string; events: number }[];
    expect(parts.map((p) => p.events)).toEqual([1, 1]);
    expect(parts[0].name).toBe("cloudtrail_event_p20190601");

    const none = aftermath(db, "retention");
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/AFTERMATH_RETENTION_DAYS/);

    const dry = aftermath(db, "retention", "--dry-run", "--json", "--days", "365");
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      events: 1,
      partitions: [{ name: "cloudtrail_event_p20190601", events: 1 }],
    });
    const run = aftermath(db, "retention", "--days", "365");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/dropped cloudtrail_event_p20190601; 1 event\(s\)/);
    const after = JSON.parse(aftermath(db, "partitions", "--json").stdout) as { name: string }[];
    expect(after.map((p) => p.name)).toEqual([parts[1].name]);
  }, 400_000);
});
