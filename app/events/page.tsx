import type { Metadata } from "next";
import Link from "next/link";
import { DensityChart, DensityLegend } from "@/components/events/density-chart";
import { EventDrawer } from "@/components/events/event-drawer";
import { EventsPager } from "@/components/events/events-pager";
import { EventsTable } from "@/components/events/events-table";
import { FilterBar } from "@/components/events/filter-bar";
import { requireUser } from "@/lib/auth/require-user";
import { readStore } from "@/lib/db/read";
import { eventFacets } from "@/lib/events/facets";
import { isRelativeTime, parseEventSearchParams } from "@/lib/events/filters";
import { eventDensity, listEvents, newestEventTime } from "@/lib/events/queries";
import { eventsQuery } from "@/lib/events/url";
import { formatCount, formatUtc } from "@/lib/format";
import { formatBucketWidth, prepareDensitySeries } from "@/lib/timeline/density";

export const metadata: Metadata = { title: "Events" };

/** The store counts as historical when its newest event is older than this. */
const HISTORICAL_MS = 86_400_000;

/** Bars in the density chart (the width is rounded to a readable step). */
const CHART_BUCKETS = 120;

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("data:read");
  const store = await readStore(user);
  const wallClock = Date.now();
  const newest = await newestEventTime(store);
  // historical data (nothing in the last day): "last 24h" counts back from the newest event in the store, and says so
  const historical = newest !== null && newest < wallClock - HISTORICAL_MS;
  const now = historical ? newest + 1 : wallClock;
  const { state, filter, issues } = parseEventSearchParams(await searchParams, now);
  // "last 24h" charts up to its anchor, not up to the newest matching event
  const densityFilter = isRelativeTime(state.from) && filter.to === null ? { ...filter, to: now } : filter;
  // facets (all time, with counts) and the chart come from the rollup, the page of rows from an index
  const [page, density, facets] = await Promise.all([
    listEvents(store, filter),
    eventDensity(store, densityFilter, CHART_BUCKETS),
    eventFacets(store),
  ]);
  const series = prepareDensitySeries(density);
  const isFirstPage = !filter.cursor;
  const empty = page.rows.length === 0;
  const filtered = eventsQuery({ ...state, sort: undefined, dir: undefined, cursor: undefined, limit: undefined }) !== "";

  return (
    <>
      <div className="page-header">
        <h1>Events</h1>
        <span className="sub">CloudTrail API calls, normalized. Filter, then open a row for the full record.</span>
      </div>

      <FilterBar state={state} facets={facets} />

      {historical && newest !== null ? (
        <p className="notice" data-testid="historical-note">
          The data is historical: time presets (&ldquo;Last 24h&rdquo;…) count back from the newest event in the store,{" "}
          <span className="mono">{formatUtc(newest, false)} UTC</span>, not from now.
        </p>
      ) : null}

      {issues.length > 0 ? (
        <div className="notice" role="status">
          Some parameters in the address were not understood and are ignored:
          <ul>
            {issues.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="panel" aria-label="Events over time">
        <div className="panel-head">
          <h2>
            <span data-testid="events-total">{formatCount(density.total)}</span> events
          </h2>
          <span className="muted">
            <b className="text-destructive">{formatCount(density.destructive)}</b> destructive
          </span>
          {density.buckets.length > 0 ? (
            <span className="faint mono">
              {formatUtc(density.from, false)} → {formatUtc(density.to, false)} · {formatBucketWidth(density.bucketMs)} bars
            </span>
          ) : null}
          {density.total > 0 ? (
            <span className="push-right">
              <DensityLegend />
            </span>
          ) : null}
        </div>
        {density.buckets.length > 0 ? <DensityChart series={series} bucketMs={density.bucketMs} state={state} /> : null}
      </section>

      <section className="panel" aria-label="Event list">
        {empty ? (
          <div className="empty">
            {!filtered && isFirstPage ? (
              <>
                No CloudTrail events yet. <Link href="/upload">Upload CloudTrail logs</Link> to start.
              </>
            ) : (
              <>
                {isFirstPage ? "No events match these filters." : "No more events here."} <Link href="/events">Clear all filters</Link>
              </>
            )}
          </div>
        ) : (
          <EventsTable rows={page.rows} state={state} />
        )}
        {empty && isFirstPage ? null : <EventsPager page={page} state={state} shown={page.rows.length} firstPage={isFirstPage} />}
      </section>

      <EventDrawer />
    </>
  );
}
