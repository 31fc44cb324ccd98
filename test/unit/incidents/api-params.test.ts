import { describe, expect, it } from "vitest";
import { firstIssue, IncidentEventsQuery, IncidentTimelineQuery, PhaseResetQuery, parseQuery } from "@/lib/incidents/api-params";

const sp = (q: string) => new URLSearchParams(q);

describe("incident API parameters", () => {
  it("reads a range, a lane, a cursor and a page size", () => {
    const r = parseQuery(IncidentEventsQuery, sp("from=2025-12-09T02:00:00Z&to=1765249200000&lane=human&cursor=abc_-1&limit=50&total=1"));
    expect(r.success && r.data).toEqual({
      from: Date.parse("2025-12-09T02:00:00Z"),
      to: 1765249200000,
      lane: "human",
      cursor: "abc_-1",
      limit: 50,
      total: "1",
    });
    const d = parseQuery(IncidentEventsQuery, sp("from=2025-12-09T02:00:00Z&to=2025-12-09T03:00:00Z"));
    expect(d.success && d.data.lane).toBe("all");
  });

  it("rejects missing or inverted ranges, unknown lanes, odd cursors and huge pages", () => {
    for (const q of [
      "to=2025-12-09T03:00:00Z",
      "from=2025-12-09T03:00:00Z&to=2025-12-09T02:00:00Z",
      "from=2025-12-09T02:00:00Z&to=2025-12-09T03:00:00Z&lane=admin",
      "from=2025-12-09T02:00:00Z&to=2025-12-09T03:00:00Z&cursor=a'b",
      "from=2025-12-09T02:00:00Z&to=2025-12-09T03:00:00Z&limit=100000",
      "from=2025-01-01T00:00:00Z&to=2025-12-09T03:00:00Z",
    ]) {
      const r = parseQuery(IncidentEventsQuery, sp(q));
      expect(r.success, q).toBe(false);
      if (!r.success) expect(firstIssue(r.error).length).toBeGreaterThan(0);
    }
  });

  it("bounds the timeline's bucket count and checks phase names", () => {
    expect(parseQuery(IncidentTimelineQuery, sp("from=0&to=60000&buckets=200")).success).toBe(true);
    expect(parseQuery(IncidentTimelineQuery, sp("from=0&to=60000&buckets=100000")).success).toBe(false);
    expect(parseQuery(PhaseResetQuery, sp("phase=detection")).success).toBe(true);
    expect(parseQuery(PhaseResetQuery, sp("phase=drop")).success).toBe(false);
  });
});
