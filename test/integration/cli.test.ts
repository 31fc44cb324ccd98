import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEMO_EXPECTED } from "@/lib/demo";
import { IncidentReport } from "@/lib/incidents/report-schema";
import { IngestReport } from "@/lib/ingest/report";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { aftermath, cliStores } from "../support/cli-stores";

/** The real CLI (`node lib/cli/bin.mjs` = `npx aftermath`) and its stable JSON contracts. */
const work = mkdtempSync(path.join(tmpdir(), "aftermath-cli-"));

const stores = cliStores("cli");

describe.each(stores)("the CLI on $name", ({ url }) => {
  it("ingest --json prints the report contract and exits 0 / 2 / 1", { timeout: 300_000 }, async () => {
    const db = await url();
    const good = path.join(work, "good.json");
    writeFileSync(good, JSON.stringify({ Records: [syntheticRecord(1, { seed: 3 }), syntheticRecord(2, { seed: 3 })] }));
    const bad = path.join(work, "bad.jsonl");
    writeFileSync(bad, `${JSON.stringify(syntheticRecord(3, { seed: 3 }))}\n{"eventTime": oops\n`);

    const ok = aftermath(db, "ingest", good, "--json");
    expect(ok.code, ok.stderr).toBe(0);
    const report = IngestReport.parse(JSON.parse(ok.stdout));
    expect(report).toMatchObject({ read: 2, ingested: 2, duplicates: 0, quarantined: 0, skipped: 0 });
    expect(report.files[0]).toMatchObject({ path: good, format: "cloudtrail-records", read: 2, ingested: 2 });

    const q = aftermath(db, "ingest", bad, good, "--json");
    expect(q.code).toBe(2);
    const r2 = IngestReport.parse(JSON.parse(q.stdout));
    expect(r2).toMatchObject({ read: 4, ingested: 1, duplicates: 2, quarantined: 1 });

    const missing = aftermath(db, "ingest", path.join(work, "nope.json"), "--json");
    expect(missing.code).toBe(1);
    const text = aftermath(db, "ingest", good);
    expect(text.stdout).toMatch(/read 2, ingested 0, duplicates 2/);
    expect(aftermath(db, "ingest", good, "--format", "nonsense").code).toBe(1);
  });

  it("setup --demo then incidents --json prints the incident contract", { timeout: 300_000 }, async () => {
    const db = await url();
    const setup = aftermath(db, "setup", "--demo");
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toMatch(/demo loaded/);
    const out = aftermath(db, "incidents", "--json");
    expect(out.code, out.stderr).toBe(0);
    const incidents = z.array(IncidentReport).parse(JSON.parse(out.stdout));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      durationMinutes: 780,
      status: "resolved",
      approval: { recorded: false },
      trigger: { eventId: DEMO_EXPECTED.triggerEventId },
    });
    // a second setup on a non-empty store does not load the demo again
    expect(aftermath(db, "setup", "--demo").stdout).not.toMatch(/demo loaded/);
    const again = aftermath(db, "reconstruct");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/1 incident/);
    // the incident id is stable across rebuilds, and `postmortem` exports by it
    const after = z.array(IncidentReport).parse(JSON.parse(aftermath(db, "incidents", "--json").stdout));
    expect(after[0].id).toBe(incidents[0].id);
    const md = aftermath(db, "postmortem", incidents[0].id, "--format", "md");
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^# Post-mortem: kiro agent: DeleteStack/);
    expect(md.stdout).toContain("## Appendix: timeline");
    const json = aftermath(db, "postmortem", incidents[0].id, "--format", "json");
    expect(JSON.parse(json.stdout)).toMatchObject({
      format: "aftermath.incident-export/1",
      incident: { id: incidents[0].id },
      postMortem: null,
    });
    expect(aftermath(db, "postmortem", "00000000-0000-4000-8000-000000000000").code).toBe(1);
  });
});
