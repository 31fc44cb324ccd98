import type { Metadata } from "next";
import Link from "next/link";
import { getStore } from "@/lib/db";
import { parseSessionListParams, sessionsHref } from "@/lib/sessions/params";
import { listSessions, sessionFacets } from "@/lib/sessions/views";
import { PagerLinks } from "@/components/pager-links";
import { SessionsTable } from "@/components/sessions/sessions-table";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = parseSessionListParams(await searchParams);
  const store = await getStore();
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

      <form className="panel" method="get" action="/sessions" role="search" aria-label="Filter sessions" data-testid="sessions-filter">
        <div className="filters-row" style={{ borderTop: 0 }}>
          <label className="field">
            <span>Agent</span>
            <select className="select" name="kind" defaultValue={state.kind ?? ""}>
              <option value="">All agents</option>
              {facets.kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Mode</span>
            <select className="select" name="mode" defaultValue={state.mode ?? ""}>
              <option value="">All modes</option>
              {facets.modes.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="field" style={{ minWidth: 260 }}>
            <span>Search</span>
            <input className="input" name="q" defaultValue={state.q ?? ""} placeholder="user, host, directory, session id, model" autoComplete="off" spellCheck={false} />
          </label>
          {state.sort !== "startedAt" || state.dir !== "desc" ? (
            <>
              <input type="hidden" name="sort" value={state.sort} />
              <input type="hidden" name="dir" value={state.dir} />
            </>
          ) : null}
          <span style={{ marginLeft: "auto", display: "flex", gap: 8, alignSelf: "flex-end" }}>
            {filtered ? (
              <Link href="/sessions" className="btn">
                Reset
              </Link>
            ) : null}
            <button type="submit" className="btn primary">
              Apply
            </button>
          </span>
        </div>
      </form>

      <section className="panel" aria-label="Session list">
        <div className="panel-head">
          <h2>
            <span data-testid="sessions-total">{page.total.toLocaleString("en-US")}</span> {page.total === 1 ? "session" : "sessions"}
          </h2>
          {filtered ? <span className="muted">matching the filters</span> : null}
          <span className="faint" style={{ marginLeft: "auto" }}>
            Red mode: the agent ran tools without asking anyone.
          </span>
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
