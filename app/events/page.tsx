import type { Metadata } from "next";
import Link from "next/link";
import { getStore } from "@/lib/db";
import { formatBucketWidth, prepareDensitySeries } from "@/lib/events/density";
import { parseEventSearchParams } from "@/lib/events/filters";
import { eventDensity, facetValues, listEvents } from "@/lib/events/queries";
import type { SortKey } from "@/lib/events/sort";
import { eventsHref } from "@/lib/events/url";
import { formatCount, formatUtc } from "@/lib/format";
import { DensityChart, DensityLegend } from "@/components/events/density-chart";
import { EventDrawer } from "@/components/events/event-drawer";
import { EventsTable } from "@/components/events/events-table";
import { FilterBar } from "@/components/events/filter-bar";

export const metadata: Metadata = { title: "Events" };

const SORT_LABEL: Record<SortKey, string> = {
  eventTime: "time",
  eventName: "event name",
  eventSource: "service",
  principal: "principal",
  risk: "risk",
  region: "region",
  account: "account",
};

/** Bars in the density chart (the width is rounded to a readable step). */
const CHART_BUCKETS = 120;

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { state, filter, issues } = parseEventSearchParams(await searchParams);
  const store = await getStore();
  const [page, density, account, region, service] = await Promise.all([
    listEvents(store, filter),
    eventDensity(store, filter, CHART_BUCKETS),
    facetValues(store, "account"),
    facetValues(store, "region"),
    facetValues(store, "service"),
  ]);
  const series = prepareDensitySeries(density);
  const isFirstPage = !filter.cursor;
  const empty = page.rows.length === 0;

  return (
    <>
      <div className="page-header">
        <h1>Events</h1>
        <span className="sub">CloudTrail API calls, normalized. Filter, then open a row for the full record.</span>
      </div>

      <FilterBar state={state} facets={{ account, region, service }} />

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
            <b style={{ color: "var(--risk-destructive)" }}>{formatCount(density.destructive)}</b> destructive
          </span>
          {density.buckets.length > 0 ? (
            <span className="faint mono">
              {formatUtc(density.from, false)} → {formatUtc(density.to, false)} · {formatBucketWidth(density.bucketMs)} bars
            </span>
          ) : null}
          <span style={{ marginLeft: "auto" }}>
            <DensityLegend />
          </span>
        </div>
        {density.buckets.length > 0 ? <DensityChart series={series} bucketMs={density.bucketMs} state={state} /> : <div className="empty">No events match these filters.</div>}
      </section>

      <section className="panel" aria-label="Event list">
        {empty ? (
          <div className="empty">
            {isFirstPage ? "No events match these filters." : "No more events here."}{" "}
            <Link href="/events">Clear all filters</Link>
          </div>
        ) : (
          <EventsTable rows={page.rows} state={state} />
        )}
        <nav className="pager" aria-label="Pages">
          <span className="info">
            {empty ? null : (
              <>
                Showing {page.rows.length} {page.rows.length === 1 ? "event" : "events"}
                {isFirstPage ? " from the start" : ""} · sorted by {SORT_LABEL[state.sort]}, {state.dir === "asc" ? "ascending" : "descending"}
              </>
            )}
          </span>
          {!isFirstPage ? (
            <Link className="btn small" href={eventsHref(state, { cursor: undefined })} scroll={false}>
              ⇤ First
            </Link>
          ) : null}
          <PageLink href={page.prevCursor ? eventsHref(state, { cursor: page.prevCursor }) : null} label="← Previous" testId="page-prev" />
          <PageLink href={page.nextCursor ? eventsHref(state, { cursor: page.nextCursor }) : null} label="Next →" testId="page-next" />
        </nav>
      </section>

      <EventDrawer />
    </>
  );
}

function PageLink({ href, label, testId }: { href: string | null; label: string; testId: string }) {
  if (!href) {
    return (
      <span className="btn small" aria-disabled="true" data-testid={testId}>
        {label}
      </span>
    );
  }
  return (
    <Link className="btn small" href={href} scroll={false} data-testid={testId}>
      {label}
    </Link>
  );
}
