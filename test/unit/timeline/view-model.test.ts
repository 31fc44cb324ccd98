import { describe, expect, it } from "vitest";
import { layoutTimeline } from "@/lib/timeline/layout";
import type { TimelineData } from "@/lib/timeline/types";
import { actionHref, indexItems, laneInputs, panRange, phaseMarkers, relatedIds, zoomRange } from "@/lib/timeline/view-model";
import { incidentWindow, RangeParams, rangeFromParams, windowPresets } from "@/lib/timeline/window";
import { H, MIN, T0 } from "./fixtures";

const empty = { total: 0, items: [], buckets: null };

function data(): TimelineData {
  return {
    from: T0,
    to: T0 + H,
    bucketMs: MIN,
    agent: {
      total: 2,
      items: [
        {
          id: "a:1",
          actionId: "1",
          seq: 0,
          kind: "prompt",
          at: T0 + MIN,
          end: null,
          tool: null,
          label: "fix the forecasts",
          risk: null,
          approval: null,
          links: [],
        },
        {
          id: "a:2",
          actionId: "2",
          seq: 1,
          kind: "tool_call",
          at: T0 + 10 * MIN,
          end: T0 + 10 * MIN + 3000,
          tool: "bash",
          label: "aws cloudformation delete-stack",
          risk: "destructive",
          approval: "none",
          links: ["e1", "e2"],
        },
      ],
      buckets: null,
    },
    linked: {
      total: 2,
      items: [
        {
          id: "e1",
          at: T0 + 10 * MIN + 2000,
          name: "DeleteStack",
          source: "cloudformation.amazonaws.com",
          risk: "destructive",
          errorCode: null,
          executed: true,
          principal: "p",
          humanName: null,
          actionId: "2",
        },
        {
          id: "e2",
          at: T0 + 10 * MIN + 9000,
          name: "DeleteTable",
          source: "dynamodb.amazonaws.com",
          risk: "destructive",
          errorCode: null,
          executed: true,
          principal: "p",
          humanName: null,
          actionId: "2",
        },
      ],
      buckets: null,
    },
    team: empty,
    human: empty,
    other: { total: 5000, items: null, buckets: [{ t: T0, end: T0 + 30 * MIN, count: 5000, destructive: 2 }] },
    linkTimes: { e1: T0 + 10 * MIN + 2000, e2: T0 + 10 * MIN + 9000 },
    density: [],
  };
}

describe("timeline view model", () => {
  it("turns server lanes into layout input: items keep their links, bucketed lanes stay bucketed", () => {
    const lanes = laneInputs(data());
    expect(lanes.map((l) => [l.id, l.items ? "items" : "buckets"])).toEqual([
      ["agent", "items"],
      ["linked", "items"],
      ["team", "items"],
      ["human", "items"],
      ["other", "buckets"],
    ]);
    expect(lanes[0].items?.[1]).toMatchObject({ id: "a:2", links: ["e1", "e2"], destructive: true });
    const l = layoutTimeline({ from: T0, to: T0 + H }, lanes, { width: 600 });
    expect(l.links.map((s) => `${s.from}->${s.to}`)).toEqual(["a:2->e1", "a:2->e2"]);
  });

  it("passes link times for a bucketed linked lane so links reach the buckets", () => {
    const d = data();
    d.linked = { total: 900, items: null, buckets: [{ t: T0, end: T0 + H, count: 900, destructive: 20 }] };
    const lanes = laneInputs(d);
    expect(lanes[1]).toMatchObject({ id: "linked", itemTimes: d.linkTimes });
    const l = layoutTimeline({ from: T0, to: T0 + H }, lanes, { width: 600 });
    expect(l.links).toHaveLength(2);
    expect(l.links.every((s) => s.toBucket)).toBe(true);
  });

  it("relates a tool call to its API calls and an API call to its tool call", () => {
    const index = indexItems(data());
    expect([...relatedIds("a:2", index)].sort()).toEqual(["a:2", "e1", "e2"]);
    expect([...relatedIds("e2", index)].sort()).toEqual(["a:2", "e2"]);
    expect([...relatedIds("a:1", index)]).toEqual(["a:1"]);
    expect(relatedIds(null, index).size).toBe(0);
    expect([...relatedIds("unknown", index)]).toEqual(["unknown"]);
  });

  it("orders phase markers by time and marks edits", () => {
    const m = phaseMarkers([
      { phase: "recovery", label: "Recovery", at: "2025-12-09T15:14:07.000Z", source: "derived" },
      { phase: "trigger", label: "Trigger", at: "2025-12-09T02:14:07.000Z", source: "derived" },
      { phase: "detection", label: "Detection", at: "2025-12-09T02:30:00.000Z", source: "edited" },
      { phase: "mitigation", label: "Mitigation", at: null, source: "missing" },
    ]);
    expect(m.map((x) => [x.phase, x.edited])).toEqual([
      ["trigger", false],
      ["detection", true],
      ["recovery", false],
    ]);
  });

  it("links a step on its page of the session", () => {
    expect(actionHref("s1", 10)).toBe("/sessions/s1#action-10");
    expect(actionHref("s1", 250)).toBe("/sessions/s1?offset=200#action-250");
  });

  it("zooms around the centre and pans by a fraction", () => {
    expect(zoomRange({ from: 0, to: 10_000 }, 2)).toEqual({ from: -5000, to: 15_000 });
    expect(zoomRange({ from: 0, to: 10_000 }, 0.5)).toEqual({ from: 2500, to: 7500 });
    expect(zoomRange({ from: 0, to: 1000 }, 0.001).to - zoomRange({ from: 0, to: 1000 }, 0.001).from).toBe(1000);
    expect(panRange({ from: 0, to: 1000 }, -0.5)).toEqual({ from: -500, to: 500 });
  });
});

describe("timeline window", () => {
  const demo = {
    startedAt: "2025-12-09T02:14:07.000Z",
    endedAt: "2025-12-09T15:14:07.000Z",
    sessionStartedAt: "2025-12-09T01:52:10.000Z",
    sessionEndedAt: "2025-12-09T02:23:30.000Z",
    phaseTimes: ["2025-12-09T02:15:20.000Z", null],
  };

  it("spans the agent session start to recovery, padded", () => {
    const w = incidentWindow(demo);
    expect(w.from).toBeLessThan(Date.parse(demo.sessionStartedAt));
    expect(w.to).toBeGreaterThan(Date.parse(demo.endedAt));
    expect(Date.parse(demo.sessionStartedAt) - w.from).toBe(w.to - Date.parse(demo.endedAt));
  });

  it("keeps an open incident at least 30 minutes wide", () => {
    const w = incidentWindow({ ...demo, endedAt: null, sessionStartedAt: null, sessionEndedAt: null, phaseTimes: [] });
    expect(w.to - w.from).toBeGreaterThanOrEqual(30 * MIN);
  });

  it("offers the whole incident, the agent session and the trigger's neighbourhood", () => {
    expect(windowPresets(demo).map((p) => p.id)).toEqual(["incident", "session", "trigger"]);
    expect(windowPresets({ ...demo, sessionStartedAt: null }).map((p) => p.id)).toEqual(["incident", "trigger"]);
  });

  it("validates zoom parameters and falls back when they are bad", () => {
    const fallback = { from: 1, to: 2 };
    expect(rangeFromParams("2025-12-09T02:00:00Z", "2025-12-09T03:00:00Z", fallback)).toEqual({
      from: Date.parse("2025-12-09T02:00:00Z"),
      to: Date.parse("2025-12-09T03:00:00Z"),
    });
    expect(rangeFromParams("1765245036000", "1765247104000", fallback)).toEqual({ from: 1765245036000, to: 1765247104000 });
    expect(rangeFromParams("2025-12-09T03:00:00Z", "2025-12-09T02:00:00Z", fallback)).toBe(fallback);
    expect(rangeFromParams("yesterday", "now", fallback)).toBe(fallback);
    expect(rangeFromParams(undefined, "2025-12-09T02:00:00Z", fallback)).toBe(fallback);
    expect(RangeParams.safeParse({ from: "0", to: String(200 * 86_400_000) }).success).toBe(false);
  });
});
