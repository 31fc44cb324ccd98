import type { LaneInput, TimelineItemInput } from "@/lib/timeline/layout";

/** Fixtures for the timeline layout: small, hand-checkable scenes and one dense one. */

export const T0 = Date.parse("2025-12-09T02:00:00.000Z");
export const S = 1000;
export const MIN = 60 * S;
export const H = 60 * MIN;

/** 02:00–03:00 on 600 px: 1 px = 6 s. */
export const HOUR_WINDOW = { from: T0, to: T0 + H };

/** A tool call that caused three API calls, a second that caused none, and an unrelated human call. */
export function toolCallScene(): LaneInput[] {
  return [
    {
      id: "agent",
      items: [
        { id: "a:1", at: T0 + 10 * MIN, end: T0 + 10 * MIN + 30 * S, links: ["e:1", "e:2", "e:3"] },
        { id: "a:2", at: T0 + 40 * MIN, end: null },
      ],
    },
    {
      id: "linked",
      items: [
        { id: "e:1", at: T0 + 10 * MIN + 2 * S },
        { id: "e:2", at: T0 + 10 * MIN + 5 * S },
        { id: "e:3", at: T0 + 12 * MIN },
      ],
    },
    { id: "human", items: [{ id: "e:9", at: T0 + 30 * MIN }] },
  ];
}

/** n points spread evenly over the hour (every k-th destructive). */
export function evenPoints(prefix: string, n: number, every = 0): TimelineItemInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    at: T0 + Math.floor((i * H) / n),
    destructive: every > 0 && i % every === 0,
  }));
}

/** The demo incident's shape: a 30-minute agent session, a 13-hour outage window. */
export const DEMO_WINDOW = { from: Date.parse("2025-12-09T01:45:00.000Z"), to: Date.parse("2025-12-09T15:30:00.000Z") };
export const DEMO_AGENT: TimelineItemInput[] = [
  "01:52:14",
  "01:53:31",
  "01:54:02",
  "01:54:30",
  "01:55:10",
  "01:57:40",
  "01:59:05",
  "02:05:12",
  "02:09:44",
  "02:13:40",
  "02:14:05",
  "02:14:40",
  "02:15:02",
  "02:21:40",
  "02:22:30",
].map((hms, i) => ({ id: `a:${i + 1}`, at: Date.parse(`2025-12-09T${hms}.000Z`), end: Date.parse(`2025-12-09T${hms}.000Z`) + 2 * S }));
