import { describe, expect, it } from "vitest";
import { parseSafeguardsFile, targetKey } from "@/lib/safeguards/file-schema";
import { rolloutSeries } from "@/lib/safeguards/rollout";

const MINIMAL = `{"safeguards": [{"key": "no-human-sessions", "kind": "scoped-agent-role", "title": "Agents on agent roles", "targets":
  [{"account": "418295370615", "rolloutAt": "2025-09-01T00:00:00Z"}]}]}`;

describe("safeguards file", () => {
  it("accepts the issue's minimal shape as JSON and the same as YAML", () => {
    const f = parseSafeguardsFile(MINIMAL, "safeguards.json");
    expect(f.safeguards[0]).toMatchObject({ key: "no-human-sessions", kind: "scoped-agent-role" });
    const y = parseSafeguardsFile(
      [
        "teams:",
        "  platform: [chen.wei@example.com]",
        "safeguards:",
        "  - key: no-human-sessions",
        "    kind: scoped-agent-role",
        "    title: Agents on agent roles",
        "    targets:",
        "      - account: '418295370615'",
        "        rolloutAt: 2025-09-01T00:00:00Z",
        "        teams: [platform]",
      ].join("\n"),
      "safeguards.yaml",
    );
    expect(y.safeguards[0].targets[0]).toMatchObject({ account: "418295370615", teams: ["platform"] });
  });
  it("names the file and record on bad input", () => {
    expect(() =>
      parseSafeguardsFile('{"safeguards":[{"key":"a","kind":"deny-policy","title":"t","targets":[{"account":"12"}]}]}', "g.json"),
    ).toThrow(/g\.json: .*safeguards\[0\]\.targets\[0\]\.account: an AWS account id.*safeguards\[0\]\.policy: deny-policy needs `policy`/);
    expect(() => parseSafeguardsFile("{nope", "g.json")).toThrow(/g\.json: not valid JSON/);
    expect(() => parseSafeguardsFile('{"safeguards":[{"key":"a","kind":"frobnicate","title":"t","targets":[]}]}', "k.yml")).toThrow(
      /k\.yml: safeguards\[0\]\.kind/,
    );
    expect(() =>
      parseSafeguardsFile(
        '{"safeguards":[{"key":"a","kind":"peer-review","title":"t","targets":[{"account":"418295370615","teams":["x"]}]}]}',
        "t.json",
      ),
    ).toThrow(/team "x" is not defined/);
  });
  it("target keys are stable and order-independent", () => {
    expect(targetKey({ account: "418295370615", regions: ["b", "a"] })).toBe("418295370615 regions=a,b");
    expect(targetKey({ account: "418295370615", name: "prod" })).toBe("prod");
  });
});

describe("rollout series", () => {
  const DAY = 86_400_000;
  const t0 = Date.UTC(2026, 0, 1);
  it("counts planned / rolling out / verified / violated per day from rollout dates and evidence times", () => {
    const s = rolloutSeries(
      [
        { key: "a", rolloutAt: t0, evidence: [{ verdict: "ok", at: t0 + DAY + 10 }] },
        {
          key: "b",
          rolloutAt: t0 + 2 * DAY,
          evidence: [
            { verdict: "ok", at: t0 + 2 * DAY + 5 },
            { verdict: "violation", at: t0 + 3 * DAY + 10 },
            { verdict: "violation", at: t0 - DAY },
          ],
        },
        { key: "c", rolloutAt: null, evidence: [] },
      ],
      t0 + 3 * DAY + 100,
    );
    expect(s.map((p) => p.date)).toEqual(["2025-12-31", "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]);
    expect(s[0]).toMatchObject({ planned: 3, rollingOut: 0 });
    expect(s[1]).toMatchObject({ planned: 2, rollingOut: 1 });
    expect(s[2]).toMatchObject({ planned: 2, verified: 1 });
    expect(s[3]).toMatchObject({ planned: 1, verified: 2 });
    expect(s[4]).toMatchObject({ planned: 1, verified: 1, violated: 1 });
  });
  it("caps the number of points", () => {
    expect(rolloutSeries([{ key: "a", rolloutAt: t0 - 400 * DAY, evidence: [] }], t0, 30).length).toBeLessThanOrEqual(31);
  });
});
