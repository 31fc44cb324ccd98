import { describe, expect, it } from "vitest";
import { laneCounts } from "@/lib/timeline/lane-density";

describe("timeline lane counts from rollup parts", () => {
  it("splits every call into linked, team, human and other; adds the edges; drops empty lanes", () => {
    const rows = laneCounts({
      all: [
        { b: 0, n: 10, d: 2 },
        { b: 1, n: 3, d: 0 },
      ],
      unlinkedHuman: [
        { b: 0, n: 4, d: 1 },
        { b: 1, n: 0, d: 0 },
      ],
      linked: [{ b: 0, n: 3, d: 1 }],
      team: [{ b: 0, n: 1, d: 0 }],
      edges: [
        { b: 1, lane: "other", n: 2, d: 1 },
        { b: 2, lane: "human", n: 1, d: 0 },
      ],
    });
    expect(rows).toEqual([
      { b: 0, lane: "human", n: 3, d: 1 },
      { b: 0, lane: "linked", n: 3, d: 1 },
      { b: 0, lane: "other", n: 3, d: 0 },
      { b: 0, lane: "team", n: 1, d: 0 },
      { b: 1, lane: "other", n: 5, d: 1 },
      { b: 2, lane: "human", n: 1, d: 0 },
    ]);
  });

  it("rows of one bucket given twice (minute and hour parts) add up", () => {
    const rows = laneCounts({
      all: [
        { b: 5, n: 2, d: 0 },
        { b: 5, n: 1, d: 1 },
      ],
      unlinkedHuman: [],
      linked: [],
      team: [],
      edges: [],
    });
    expect(rows).toEqual([{ b: 5, lane: "other", n: 3, d: 1 }]);
  });
});
