import type { Metadata } from "next";
import Link from "next/link";
import { FacetSelect } from "@/components/filters/facet-select";
import { FilterActions } from "@/components/filters/filter-actions";
import { PagerLinks } from "@/components/pager-links";
import { SessionsTable } from "@/components/sessions/sessions-table";
import { requireUser } from "@/lib/auth/require-user";
import { readStore } from "@/lib/db/read";
import { DEFAULT_SESSION_STATE, parseSessionListParams, sessionsHref } from "@/lib/sessions/params";
import { listSessions, sessionFacets } from "@/lib/sessions/queries";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("data:read");
  const state = parseSessionListParams(await searchParams);
  const store = await readStore(user);
  const [page, facets] = await Promise.all([listSessions(store, state), sessionFacets(store)]);
  const filtered = Boolean(state.kind || state.mode || state.q);

  return (
    <>
      <div className="page-header">
        <h1>Sessions</h1>
        <span className="sub">Agent runs from ingested logs: how they were supervised, what they ran, and the AWS calls they caused.</span>
        <span className="actions">
          <Link href="/upload" className="btn">
            Upload agent logs
          </Link>
        </span>
      </div>

      <search aria-label="Filter sessions">
        <form className="panel" method="get" action="/sessions" data-testid="sessions-filter">
          <div className="filters-row no-border-top">
            <FacetSelect label="Agent" name="kind" value={state.kind} values={facets.kinds} allLabel="All agents" />
            <FacetSelect label="Mode" name="mode" value={state.mode} values={facets.modes} allLabel="All modes" />
            <label className="field grow">
              <span>Search</span>
              <input
                className="input"
                name="q"
                defaultValue={state.q ?? ""}
                placeholder="user, host, directory, session id, model"
                autoComplete="off"
                spellCheck={false}
              />
            </label>
            <FilterActions
              resetHref="/sessions"
              filtered={filtered}
              sort={state.sort}
              dir={state.dir}
              defaultSort={DEFAULT_SESSION_STATE}
            />
          </div>
        </form>
      </search>

      <section className="panel" aria-label="Session list">
        <div className="panel-head">
          <h2>
            <span data-testid="sessions-total">{page.total.toLocaleString("en-US")}</span> {page.total === 1 ? "session" : "sessions"}
          </h2>
          {filtered ? <span className="muted">matching the filters</span> : null}
          <span className="faint push-right">Red mode: the agent ran tools without asking anyone.</span>
        </div>
        {page.rows.length === 0 ? (
          <div className="empty">
            {filtered ? (
              <>
                No sessions match these filters. <Link href="/sessions">Clear filters</Link>
              </>
            ) : (
              <>
                No agent sessions yet. <Link href="/upload">Upload a Claude Code, Codex or other agent log</Link>.
              </>
            )}
          </div>
        ) : (
          <SessionsTable rows={page.rows} state={state} />
        )}
        <PagerLinks total={page.total} offset={state.offset} limit={state.limit} href={(offset) => sessionsHref(state, { offset })} />
      </section>
    </>
  );
}
