import { describe, expect, it } from "vitest";
import { incidentsHref, parseIncidentListParams } from "@/lib/incidents/list-params";
import { summarizeIncidentDays } from "@/lib/incidents/summary";

const DAY = 86_400_000;
const D0 = Math.floor(Date.parse("2025-12-09T00:00:00Z") / DAY);

describe("summarizeIncidentDays", () => {
  it("fills a week of days around one incident and averages recovery in hours", () => {
    const s = summarizeIncidentDays([{ day: D0, count: 1, recovered: 1, minutes: 780, maxMinutes: 780 }]);
    expect(s).toMatchObject({ periodDays: 1, total: 1, recovered: 1, avgRecoveryH: 13 });
    expect(s.points).toHaveLength(7);
    expect(s.points[0]).toEqual({ t: D0 * DAY, end: (D0 + 1) * DAY, count: 1, recovered: 1, avgRecoveryH: 13, maxRecoveryH: 13 });
    expect(s.points[1]).toMatchObject({ count: 0, avgRecoveryH: null });
  });

  it("groups long spans into weeks or months and keeps open incidents out of the average", () => {
    const rows = [
      { day: D0, count: 2, recovered: 1, minutes: 60, maxMinutes: 60 },
      { day: D0 + 1, count: 1, recovered: 1, minutes: 180, maxMinutes: 180 },
      { day: D0 + 200, count: 1, recovered: 0, minutes: 0, maxMinutes: null },
    ];
    const s = summarizeIncidentDays(rows, 60);
    expect(s.periodDays).toBe(7);
    expect(s.points.length).toBeLessThanOrEqual(60);
    expect(s.points.reduce((n, p) => n + p.count, 0)).toBe(4);
    expect(s.avgRecoveryH).toBe(2);
    const first = s.points.find((p) => p.count > 0)!;
    expect(first).toMatchObject({ count: 3, recovered: 2, avgRecoveryH: 2, maxRecoveryH: 3 });
    expect(s.points.at(-1)).toMatchObject({ count: 1, recovered: 0, avgRecoveryH: null });
  });

  it("is empty without incidents", () => {
    expect(summarizeIncidentDays([])).toEqual({ periodDays: 1, points: [], total: 0, recovered: 0, avgRecoveryH: null });
  });
});

describe("incident list URL", () => {
  it("parses valid parameters and drops invalid ones", () => {
    expect(parseIncidentListParams({ status: "open", agent: "kiro", blocked: "1", sort: "duration", dir: "asc", offset: "50" })).toEqual({
      status: "open",
      agent: "kiro",
      blocked: true,
      sort: "duration",
      dir: "asc",
      offset: 50,
      limit: 50,
    });
    expect(
      parseIncidentListParams({ status: "burning", sort: "id; DROP TABLE incident", dir: "up", offset: "-3", agent: "a\u0001" }),
    ).toEqual({ sort: "startedAt", dir: "desc", offset: 0, limit: 50 });
  });

  it("round-trips through the href and resets paging on filter changes", () => {
    const s = parseIncidentListParams({ status: "resolved", offset: "100" });
    expect(incidentsHref(s)).toBe("/incidents?status=resolved&offset=100");
    expect(incidentsHref(s, { agent: "codex" })).toBe("/incidents?status=resolved&agent=codex");
    expect(incidentsHref(s, { sort: "title", dir: "asc" })).toBe("/incidents?status=resolved&sort=title&dir=asc");
    expect(
      parseIncidentListParams(new URLSearchParams(incidentsHref(s, { account: "111122223333", blocked: true }).split("?")[1])),
    ).toMatchObject({
      status: "resolved",
      account: "111122223333",
      blocked: true,
      offset: 0,
    });
  });
});
