import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_SAFEGUARDS_EXPECTED, DEMO_SCP_POLICY } from "@/lib/demo";
import { ReplayReport, SafeguardStatusReport } from "@/lib/safeguards/report-schema";
import { aftermath, cliStores } from "../support/cli-stores";

/** `npx aftermath safeguards …` (the real CLI) and its JSON contracts, against their zod schemas. */
const work = mkdtempSync(path.join(tmpdir(), "aftermath-sg-cli-"));

const stores = cliStores("sgcli");

describe.each(stores)("safeguards CLI on $name", ({ url }) => {
  it("exit 0 with nothing violated, exit 3 once the demo's violated target is there; replay prints the contract", {
    timeout: 400_000,
  }, async () => {
    const db = await url();
    const ok = path.join(work, "ok.json");
    writeFileSync(
      ok,
      JSON.stringify({
        safeguards: [
          {
            key: "later",
            kind: "approval-required",
            title: "Later",
            targets: [{ account: "418295370615", rolloutAt: "2099-01-01T00:00:00Z" }],
          },
        ],
      }),
    );
    const applied = aftermath(db, "safeguards", "apply", ok);
    expect(applied.code, applied.stderr).toBe(0);
    const clean = aftermath(db, "safeguards", "--json");
    expect(clean.code, clean.stderr).toBe(0);
    expect(SafeguardStatusReport.parse(JSON.parse(clean.stdout))).toEqual([
      {
        key: "later",
        kind: "approval-required",
        status: "planned",
        targets: [{ account: "418295370615", status: "planned", violations: 0, observations: 0 }],
      },
    ]);
    const bad = path.join(work, "bad.json");
    writeFileSync(bad, '{"safeguards":[{"key":"x","kind":"deny-policy","title":"t","targets":[]}]}');
    const refused = aftermath(db, "safeguards", "apply", bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.json: safeguards\[0\]\.policy: deny-policy needs `policy`/);

    expect(aftermath(db, "setup", "--demo").code).toBe(0);
    const out = aftermath(db, "safeguards", "--json");
    expect(out.code, out.stderr).toBe(3);
    const report = SafeguardStatusReport.parse(JSON.parse(out.stdout));
    for (const [key, status] of Object.entries(DEMO_SAFEGUARDS_EXPECTED.statuses))
      expect(report.find((s) => s.key === key)?.status).toBe(status);

    const scp = path.join(work, "scp.json");
    writeFileSync(scp, JSON.stringify(DEMO_SCP_POLICY));
    const replay = aftermath(db, "safeguards", "replay", "--scp", scp, "--json");
    expect(replay.code, replay.stderr).toBe(0);
    const r = ReplayReport.parse(JSON.parse(replay.stdout));
    expect(r.incidents).toHaveLength(1);
    expect(r.incidents[0].triggerEventId).toBe(DEMO_SAFEGUARDS_EXPECTED.replayBlocksTrigger);
    expect(r.incidents[0].blockedEventIds).toContain(DEMO_SAFEGUARDS_EXPECTED.replayBlocksTrigger);
    expect(r.total.blocked).toBeGreaterThan(0);

    const rules = path.join(work, "settings.json");
    writeFileSync(rules, JSON.stringify({ permissions: { deny: ["Bash(terraform destroy:*)"] } }));
    const none = ReplayReport.parse(
      JSON.parse(aftermath(db, "safeguards", "replay", "--agent-rules", rules, "--incident", r.incidents[0].id, "--json").stdout),
    );
    expect(none.total).toEqual({ destructive: r.total.destructive, blocked: 0 });
    expect(aftermath(db, "safeguards", "replay", "--json").code).toBe(1);
  });
});
