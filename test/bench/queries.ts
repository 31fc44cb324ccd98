import type { Store } from "@/lib/db";
import { parseEventSearchParams } from "@/lib/events/filters";
import { eventDensity, listEvents } from "@/lib/events/queries";
import { bucketGrid } from "@/lib/timeline/density";
import { eventLaneRows } from "@/lib/timeline/lane-density-queries";
import { DEFAULT_TIMELINE_BUCKETS, incidentTimeline } from "@/lib/timeline/queries";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { type Corpus, recordOptions } from "./corpus";

/**
 * (c) Query latency at the corpus size, through the functions the events page runs (lib/events/queries.ts), with
 * filters built from URL parameters as the page builds them. Each query: `warmup` untimed runs, then the median of
 * `runs` timed ones.
 */

export interface QueryTiming {
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** rows returned / events counted (sanity check) */
  result: number;
}

export interface QueryResults {
  windowPage: QueryTiming;
  buckets: QueryTiming;
  search: QueryTiming;
  /** The same search for a term that occurs nowhere (should cost about as much as one that matches). */
  searchMiss: QueryTiming;
  /** The incident timeline (lanes and density, 160 buckets) over 13 h of one account of the corpus, as the API builds it. */
  timeline: QueryTiming;
  /** Its lane counts taken from the events alone (what the timeline did before the rollup): the within-run baseline. */
  timelineEvents: QueryTiming;
}

/** The account and window of the timeline row: 13 h (the outage's length) from the corpus day's fifth hour. */
export const TIMELINE_ACCOUNT = "111122223333";
export const TIMELINE_SPAN_MS = 13 * 3600_000;

/** A term no synthetic record contains (trigrams present in the corpus, the whole string is not). */
export const MISSING_TERM = "i-0badc0ffee0000000";

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time(label: string, runs: number, warmup: number, fn: () => Promise<number>): Promise<QueryTiming> {
  let result = 0;
  for (let i = 0; i < warmup; i++) result = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  return { label, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), result };
}

/** A resource id that occurs in the corpus (an EC2 instance id of the middle record): a needle search. */
export function searchNeedle(corpus: Pick<Corpus, "records" | "fileRecords" | "seed">): string {
  const r = syntheticRecord(Math.floor(corpus.records / 2), recordOptions(corpus)) as {
    requestParameters: { instancesSet: { items: { instanceId: string }[] } };
  };
  return r.requestParameters.instancesSet.items[0].instanceId;
}

export async function measureQueries(
  store: Store,
  corpus: Pick<Corpus, "records" | "fileRecords" | "seed" | "startMs" | "spanMs">,
  runs: number,
  warmup: number,
  needle: string = searchNeedle(corpus),
): Promise<QueryResults> {
  const iso = (t: number) => new Date(t).toISOString();
  const hourFrom = corpus.startMs + Math.floor(corpus.spanMs / 2 / 3600_000) * 3600_000;
  const window = parseEventSearchParams({ from: iso(hourFrom), to: iso(hourFrom + 3600_000) }).filter;
  const day = parseEventSearchParams({ from: iso(corpus.startMs), to: iso(corpus.startMs + 24 * 3600_000) }).filter;
  const search = parseEventSearchParams({ q: needle }).filter;

  const windowPage = await time(
    `first page (${window.limit} rows) of a 1 h window, newest first`,
    runs,
    warmup,
    async () => (await listEvents(store, window)).rows.length,
  );
  const buckets = await time("24 h in 1-min buckets (1,440)", runs, warmup, async () => {
    const d = await eventDensity(store, day, 1440);
    if (d.bucketMs !== 60_000) throw new Error(`density: expected 1-min buckets, got ${d.bucketMs} ms`);
    return d.total;
  });
  const found = await time(
    `free-text "${needle}", first page, all time`,
    runs,
    warmup,
    async () => (await listEvents(store, search)).rows.length,
  );
  const miss = parseEventSearchParams({ q: MISSING_TERM }).filter;
  const searchMiss = await time(
    `free-text "${MISSING_TERM}" (no match), all time`,
    runs,
    warmup,
    async () => (await listEvents(store, miss)).rows.length,
  );
  if (searchMiss.result !== 0) throw new Error(`search "${MISSING_TERM}" should find nothing`);
  if (windowPage.result === 0) throw new Error("window page returned no rows");
  if (found.result === 0) throw new Error(`search "${needle}" found nothing`);
  const tlRange = { from: corpus.startMs + 5 * 3600_000, to: corpus.startMs + 5 * 3600_000 + TIMELINE_SPAN_MS };
  const tlScope = { sessionId: null, accountId: TIMELINE_ACCOUNT, team: [] };
  const timeline = await time(`incident timeline, 13 h of account ${TIMELINE_ACCOUNT} (160 buckets)`, runs, warmup, async () => {
    const t = await incidentTimeline(store, tlScope, tlRange, DEFAULT_TIMELINE_BUCKETS);
    return t.density.reduce((n, d) => n + d.linked + d.team + d.human + d.other, 0);
  });
  const grid = bucketGrid(tlRange.from, tlRange.to, DEFAULT_TIMELINE_BUCKETS);
  const timelineEvents = await time("  its lane counts from the events alone (before the rollup)", runs, warmup, async () =>
    (await eventLaneRows(store, tlScope, tlRange, grid)).reduce((n, r) => n + r.n, 0),
  );
  if (timeline.result !== timelineEvents.result || timeline.result === 0)
    throw new Error(`timeline: ${timeline.result} calls from the rollup, ${timelineEvents.result} from the events`);
  return { windowPage, buckets, search: found, searchMiss, timeline, timelineEvents };
}
