import type { Metadata } from "next";
import Link from "next/link";
import { FacetSelect } from "@/components/filters/facet-select";
import { FilterActions } from "@/components/filters/filter-actions";
import { BlockedSessions } from "@/components/incidents/blocked-sessions";
import styles from "@/components/incidents/incidents.module.css";
import { IncidentsTable } from "@/components/incidents/incidents-table";
import { IncidentSummaryChart, IncidentSummaryLegend } from "@/components/incidents/summary-chart";
import { PagerLinks } from "@/components/pager-links";
import { requireUser } from "@/lib/auth/require-user";
import { readStore } from "@/lib/db/read";
import { DEFAULT_INCIDENT_STATE, incidentsHref, parseIncidentListParams } from "@/lib/incidents/list-params";
import { incidentFacets, incidentSummary, listIncidents, sessionsWithBlockedAttempts } from "@/lib/incidents/queries";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("data:read");
  const state = parseIncidentListParams(await searchParams);
  const store = await readStore(user);
  const [page, facets, summary, blocked] = await Promise.all([
    listIncidents(store, state),
    incidentFacets(store),
    incidentSummary(store, state),
    sessionsWithBlockedAttempts(store, 12, { agent: state.agent, account: state.account }),
  ]);
  const filtered = Boolean(state.q || state.status || state.agent || state.account || state.blocked);

  return (
    <>
      <div className="page-header">
        <h1>Incidents</h1>
        <span className="sub">
          Cloud changes an AI agent caused, reconstructed from agent logs and CloudTrail: what it destroyed, who approved it, and how long
          recovery took.
        </span>
      </div>

      <search aria-label="Filter incidents">
        <form className="panel" method="get" action="/incidents" data-testid="incidents-filter">
          <div className="filters-row no-border-top">
            <label className="field grow">
              <span>Search</span>
              <input
                className="input"
                type="search"
                name="q"
                defaultValue={state.q ?? ""}
                placeholder="title, resource, principal, command…"
                autoComplete="off"
                spellCheck={false}
                data-testid="incidents-search"
              />
            </label>
            <label className="field">
              <span>Status</span>
              <select className="select" name="status" defaultValue={state.status ?? ""}>
                <option value="">Any</option>
                <option value="open">Open</option>
                <option value="resolved">Resolved</option>
              </select>
            </label>
            <FacetSelect label="Agent" name="agent" value={state.agent} values={facets.agents} allLabel="All agents" />
            <FacetSelect label="Account" name="account" value={state.account} values={facets.accounts} allLabel="All accounts" />
            <label className="chip align-end">
              <input type="checkbox" name="blocked" value="1" defaultChecked={state.blocked} />
              Has blocked attempts
            </label>
            <FilterActions
              resetHref="/incidents"
              filtered={filtered}
              sort={state.sort}
              dir={state.dir}
              defaultSort={DEFAULT_INCIDENT_STATE}
            />
          </div>
        </form>
      </search>

      <div className={styles.topGrid}>
        <section className="panel" aria-label="Incidents over time">
          <div className="panel-head">
            <h2>
              <span data-testid="incidents-total">{summary.total.toLocaleString("en-US")}</span>{" "}
              {summary.total === 1 ? "incident" : "incidents"}
            </h2>
            <span className={`muted ${styles.summaryStats}`}>
              <span>{summary.total - summary.recovered} open</span>
              {summary.avgRecoveryH !== null ? (
                <span>
                  mean time to recovery <b className="text-strong">{summary.avgRecoveryH} h</b>
                </span>
              ) : null}
              <span className="faint">{summary.periodDays === 1 ? "per day" : `per ${summary.periodDays} days`}</span>
            </span>
            <span className="push-right">
              <IncidentSummaryLegend />
            </span>
          </div>
          {summary.points.length ? (
            <IncidentSummaryChart points={summary.points} />
          ) : (
            <div className="empty">No incidents{filtered ? " match these filters" : " yet"}.</div>
          )}
        </section>
        <BlockedSessions rows={blocked} />
      </div>

      <section className="panel" aria-label="Incident list">
        {page.rows.length === 0 ? (
          <div className="empty">
            {filtered ? (
              <>
                No incidents match these filters. <Link href="/incidents">Clear filters</Link>
              </>
            ) : (
              <>
                No incidents reconstructed yet. <Link href="/upload">Upload agent logs and CloudTrail</Link>, or load the demo with{" "}
                <span className="mono">npx aftermath setup --demo</span>.
              </>
            )}
          </div>
        ) : (
          <IncidentsTable rows={page.rows} state={state} />
        )}
        <PagerLinks total={page.total} offset={state.offset} limit={state.limit} href={(offset) => incidentsHref(state, { offset })} />
      </section>
    </>
  );
}
