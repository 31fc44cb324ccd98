import { bucketGrid } from "@/lib/timeline/density";
import { type TimeTick, timeTicks } from "./ticks";

/**
 * Swimlane layout on one time axis. Pure: window + lanes' items (or pre-aggregated buckets) in, pixel geometry out.
 *
 *  - x: linear in time over [from, to] → [0, width]; items partly outside are clipped to the edges, items wholly
 *    outside are dropped (and counted).
 *  - rows: each lane packs its items greedily into rows so markers never overlap (min marker width + gap);
 *  - density: a lane that would need more than `maxRows` rows is aggregated into time buckets (counts), as is a lane
 *    the server already sent as buckets (too many items to send);
 *  - links: one segment per (item → linked item) pair whose both ends are laid out; an end in an aggregated lane
 *    attaches to the bucket that holds its time.
 */

export interface TimeWindow {
  from: number;
  to: number;
}

export interface TimelineItemInput {
  id: string;
  /** start, epoch ms */
  at: number;
  /** end, epoch ms (items with a duration, e.g. a tool call); null/undefined → a point */
  end?: number | null;
  /** ids of items in other lanes this item is linked to (a tool call → the API calls it caused) */
  links?: readonly string[];
  /** counts as destructive in bucket aggregation */
  destructive?: boolean;
}

export interface TimelineBucketInput {
  /** bucket start / end, epoch ms */
  t: number;
  end: number;
  count: number;
  destructive?: number;
}

export type LaneInput =
  | {
      id: string;
      items: readonly TimelineItemInput[];
      buckets?: undefined;
      /** this lane's row limit (default: options.maxRows) */
      maxRows?: number;
    }
  | {
      id: string;
      buckets: readonly TimelineBucketInput[];
      items?: undefined;
      /** item times the server knows for items referenced by links (id → epoch ms), so links can reach buckets */
      itemTimes?: Readonly<Record<string, number>>;
    };

export interface LayoutOptions {
  /** plot width in px (the time axis) */
  width: number;
  /** narrowest marker, px (points are drawn this wide) */
  markerPx?: number;
  /** horizontal gap kept between markers in one row, px */
  gapPx?: number;
  /** rows per lane before the lane is aggregated into buckets */
  maxRows?: number;
  /** px per row */
  rowHeight?: number;
  /** vertical padding inside a lane, px */
  lanePadding?: number;
  /** target bucket width when a lane is aggregated, px */
  bucketPx?: number;
  /** height of an aggregated lane, px */
  bucketLaneHeight?: number;
}

export interface PlacedItem {
  id: string;
  lane: string;
  /** left edge and width of the marker, px */
  x: number;
  w: number;
  /** x of the item's (clipped) start time, px: where links attach */
  tx: number;
  row: number;
  /** vertical centre, px from the top of the whole layout */
  y: number;
  at: number;
  end: number | null;
  /** the item was cut at the window's edge */
  clipped: "left" | "right" | "both" | null;
}

export interface PlacedBucket {
  x: number;
  w: number;
  t: number;
  end: number;
  count: number;
  destructive: number;
  /** count relative to the lane's fullest bucket, 0–1 */
  intensity: number;
}

export interface LaneLayout {
  id: string;
  /** px from the top of the whole layout */
  top: number;
  height: number;
  mode: "items" | "buckets";
  rows: number;
  items: PlacedItem[];
  buckets: PlacedBucket[];
  /** items (or bucketed counts) inside the window */
  total: number;
  /** items dropped because they lie wholly outside the window */
  outside: number;
  maxCount: number;
}

export interface LinkSegment {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** the target end attaches to a bucket rather than to its own marker */
  toBucket: boolean;
}

export interface TimelineLayout {
  window: TimeWindow;
  width: number;
  height: number;
  lanes: LaneLayout[];
  links: LinkSegment[];
  ticks: (TimeTick & { x: number })[];
}

export const LAYOUT_DEFAULTS: Required<Omit<LayoutOptions, "width">> = {
  markerPx: 8,
  gapPx: 2,
  maxRows: 4,
  rowHeight: 16,
  lanePadding: 6,
  bucketPx: 6,
  bucketLaneHeight: 40,
};

/** Maps a time to x in px (not clamped). */
export function timeToX(t: number, window: TimeWindow, width: number): number {
  const span = window.to - window.from;
  return span > 0 ? ((t - window.from) / span) * width : 0;
}

/** Maps x in px back to a time. */
export function xToTime(x: number, window: TimeWindow, width: number): number {
  return width > 0 ? window.from + (x / width) * (window.to - window.from) : window.from;
}

type Anchor = { x: number; top: number; bottom: number; bucket: boolean };

/** Lays out the lanes top to bottom in the given order. */
export function layoutTimeline(window: TimeWindow, lanes: readonly LaneInput[], options: LayoutOptions): TimelineLayout {
  const o = { ...LAYOUT_DEFAULTS, ...options };
  const width = Math.max(1, o.width);
  const win = window.to > window.from ? window : { from: window.from, to: window.from + 1 };
  const out: LaneLayout[] = [];
  /** where links can attach: item id → marker box (or its bucket) */
  const anchors = new Map<string, Anchor>();
  const laneOf = new Map<string, number>();
  let top = 0;

  for (const [laneIndex, lane] of lanes.entries()) {
    const laid = lane.buckets
      ? layoutGivenBuckets(lane.id, lane.buckets, win, width, o)
      : layoutItems(lane.id, lane.items, win, width, lane.maxRows ? { ...o, maxRows: lane.maxRows } : o);
    laid.top = top;
    shiftY(laid, top);
    out.push(laid);
    if (laid.mode === "items") {
      for (const it of laid.items) {
        anchors.set(it.id, { x: it.tx, top: it.y - o.rowHeight / 2 + 2, bottom: it.y + o.rowHeight / 2 - 2, bucket: false });
        laneOf.set(it.id, laneIndex);
      }
    } else {
      const times: [string, number][] = lane.buckets ? Object.entries(lane.itemTimes ?? {}) : lane.items.map((i) => [i.id, i.at]);
      for (const [id, t] of times) {
        const b = laid.buckets.find((x) => t >= x.t && t < x.end);
        if (!b) continue;
        anchors.set(id, { x: b.x + b.w / 2, top: laid.top + o.lanePadding, bottom: laid.top + laid.height - o.lanePadding, bucket: true });
        laneOf.set(id, laneIndex);
      }
    }
    top += laid.height;
  }

  const links: LinkSegment[] = [];
  const seen = new Set<string>();
  for (const [laneIndex, lane] of lanes.entries()) {
    if (!lane.items) continue;
    for (const item of lane.items) {
      const a = anchors.get(item.id);
      if (!a || a.bucket || !item.links) continue;
      for (const targetId of item.links) {
        const b = anchors.get(targetId);
        const targetLane = laneOf.get(targetId);
        if (!b || targetLane === undefined || targetLane === laneIndex) continue;
        const key = `${item.id}\u0000${targetId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const down = targetLane > laneIndex;
        links.push({
          from: item.id,
          to: targetId,
          x1: a.x,
          y1: down ? a.bottom : a.top,
          x2: b.x,
          y2: down ? b.top : b.bottom,
          toBucket: b.bucket,
        });
      }
    }
  }

  const ticks = timeTicks(win.from, win.to, Math.max(2, Math.round(width / 120))).map((t) => ({ ...t, x: timeToX(t.t, win, width) }));
  return { window: win, width, height: top, lanes: out, links, ticks };
}

function shiftY(lane: LaneLayout, dy: number) {
  for (const it of lane.items) it.y += dy;
}

function emptyLane(id: string, mode: LaneLayout["mode"]): LaneLayout {
  return { id, top: 0, height: 0, mode, rows: 0, items: [], buckets: [], total: 0, outside: 0, maxCount: 0 };
}

function layoutItems(
  id: string,
  input: readonly TimelineItemInput[],
  win: TimeWindow,
  width: number,
  o: typeof LAYOUT_DEFAULTS & { width: number },
): LaneLayout {
  const lane = emptyLane(id, "items");
  const inside = input.filter((i) => (i.end ?? i.at) >= win.from && i.at <= win.to);
  lane.outside = input.length - inside.length;
  lane.total = inside.length;
  const sorted = [...inside].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rowEnds: number[] = [];
  const placed: PlacedItem[] = [];
  for (const it of sorted) {
    const start = Math.max(it.at, win.from);
    const stop = Math.min(it.end ?? it.at, win.to);
    const x0 = timeToX(start, win, width);
    const span = timeToX(stop, win, width) - x0;
    const w = Math.min(width, Math.max(o.markerPx, span));
    // points (and very short items) are centred on their time; longer ones start at it
    const x = Math.min(Math.max(0, span < o.markerPx ? x0 - w / 2 : x0), Math.max(0, width - w));
    let row = rowEnds.findIndex((end) => end + o.gapPx <= x);
    if (row === -1) {
      if (rowEnds.length >= o.maxRows) return aggregateItems(id, inside, lane.outside, win, width, o);
      row = rowEnds.length;
      rowEnds.push(-Infinity);
    }
    rowEnds[row] = x + w;
    const left = it.at < win.from;
    const right = (it.end ?? it.at) > win.to;
    placed.push({
      id: it.id,
      lane: id,
      x,
      w,
      tx: Math.min(width, Math.max(0, x0)),
      row,
      y: 0,
      at: it.at,
      end: it.end ?? null,
      clipped: left && right ? "both" : left ? "left" : right ? "right" : null,
    });
  }
  lane.rows = Math.max(1, rowEnds.length);
  lane.height = o.lanePadding * 2 + lane.rows * o.rowHeight;
  for (const p of placed) p.y = o.lanePadding + p.row * o.rowHeight + o.rowHeight / 2;
  lane.items = placed;
  return lane;
}

/** Buckets over the window at about `bucketPx` px each, aligned to a readable width. */
export function laneBucketGrid(win: TimeWindow, width: number, bucketPx: number) {
  return bucketGrid(win.from, win.to, Math.max(1, Math.floor(width / Math.max(1, bucketPx))));
}

function aggregateItems(
  id: string,
  inside: readonly TimelineItemInput[],
  outside: number,
  win: TimeWindow,
  width: number,
  o: typeof LAYOUT_DEFAULTS & { width: number },
): LaneLayout {
  const grid = laneBucketGrid(win, width, o.bucketPx);
  const counts = Array.from({ length: grid.count }, (_, i) => ({
    t: grid.origin + i * grid.bucketMs,
    end: grid.origin + (i + 1) * grid.bucketMs,
    count: 0,
    destructive: 0,
  }));
  for (const it of inside) {
    const i = Math.min(grid.count - 1, Math.max(0, Math.floor((Math.max(it.at, win.from) - grid.origin) / grid.bucketMs)));
    counts[i].count++;
    if (it.destructive) counts[i].destructive++;
  }
  const lane = layoutGivenBuckets(id, counts, win, width, o);
  lane.outside = outside;
  return lane;
}

function layoutGivenBuckets(
  id: string,
  input: readonly TimelineBucketInput[],
  win: TimeWindow,
  width: number,
  o: typeof LAYOUT_DEFAULTS & { width: number },
): LaneLayout {
  const lane = emptyLane(id, "buckets");
  const visible = input.filter((b) => b.end > win.from && b.t < win.to && b.count > 0);
  lane.outside = input.filter((b) => !(b.end > win.from && b.t < win.to)).reduce((n, b) => n + b.count, 0);
  lane.maxCount = visible.reduce((m, b) => Math.max(m, b.count), 0);
  lane.total = visible.reduce((n, b) => n + b.count, 0);
  lane.buckets = visible.map((b) => {
    const x0 = Math.max(0, timeToX(Math.max(b.t, win.from), win, width));
    const x1 = Math.min(width, timeToX(Math.min(b.end, win.to), win, width));
    return {
      x: x0,
      w: Math.max(1, x1 - x0),
      t: b.t,
      end: b.end,
      count: b.count,
      destructive: b.destructive ?? 0,
      intensity: lane.maxCount ? b.count / lane.maxCount : 0,
    };
  });
  lane.rows = 1;
  lane.height = o.bucketLaneHeight;
  return lane;
}
