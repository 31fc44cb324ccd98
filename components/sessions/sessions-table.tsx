"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ServerTable, serverColumns } from "@/components/table/server-table";
import { formatCount, formatDuration, formatUtc } from "@/lib/format";
import { firstDir, SESSION_SORT_KEYS, type SessionListState, type SessionSortKey, sessionsHref } from "@/lib/sessions/params";
import type { SessionRow } from "@/lib/sessions/types";
import { compactPrincipal, shortId } from "@/lib/sessions/view-model";
import { ModeBadge } from "./mode-badge";
import styles from "./sessions.module.css";

const col = serverColumns<SessionRow>();

function Count({ n, bad }: { n: number; bad?: boolean }) {
  return <span className={`${styles.count} ${n === 0 ? styles.countZero : bad ? styles.countBad : ""}`}>{formatCount(n)}</span>;
}

/** Column ids equal the allow-listed sort keys (lib/sessions/params.ts) where the server can sort. */
const columns = col.columns([
  col.accessor("kind", {
    id: "kind",
    header: "Session",
    cell: (c) => {
      const r = c.row.original;
      return (
        <>
          <div>
            <b>{r.kind}</b>
            {r.agentVersion ? <span className="faint"> {r.agentVersion}</span> : null}
          </div>
          <Link
            href={`/sessions/${r.id}`}
            className="mono"
            title={r.externalId}
            onClick={(e) => e.stopPropagation()}
            data-testid="session-link"
          >
            {shortId(r.externalId, 24)}
          </Link>
        </>
      );
    },
    meta: { width: "196px" },
  }),
  col.accessor("mode", {
    id: "mode",
    header: "Mode",
    cell: (c) => <ModeBadge mode={c.getValue()} policy={c.row.original.approvalPolicy} />,
    meta: { width: "100px" },
  }),
  col.accessor("user", {
    id: "user",
    header: "User",
    cell: (c) => (
      <>
        <div title={c.getValue() ?? undefined}>{c.getValue() ?? <span className="faint">—</span>}</div>
        {c.row.original.host ? (
          <div className="faint mono" title={c.row.original.host}>
            {c.row.original.host}
          </div>
        ) : null}
      </>
    ),
    meta: { width: "132px" },
  }),
  col.accessor("startedAt", {
    id: "startedAt",
    header: "Started (UTC)",
    cell: (c) => <span className="mono">{c.getValue() ? formatUtc(c.getValue()!, false).slice(0, 16) : "—"}</span>,
    meta: { width: "136px" },
  }),
  col.accessor("durationMs", {
    id: "duration",
    header: "Duration",
    cell: (c) => formatDuration(c.getValue()),
    meta: { width: "106px", num: true },
  }),
  col.accessor("toolCalls", {
    id: "toolCalls",
    header: "Calls",
    cell: (c) => <Count n={c.getValue()} />,
    meta: { width: "64px", num: true },
  }),
  col.accessor("destructive", {
    id: "destructive",
    header: "Destructive",
    cell: (c) => <Count n={c.getValue()} bad />,
    meta: { width: "114px", num: true },
  }),
  col.accessor("approvals", {
    id: "approvals",
    header: "Appr. / rej.",
    cell: (c) => (
      <span title={`${c.getValue()} approved, ${c.row.original.rejections} rejected`}>
        <Count n={c.getValue()} /> <span className="faint">/</span> <Count n={c.row.original.rejections} />
      </span>
    ),
    meta: { width: "92px", num: true },
  }),
  col.accessor("redactions", {
    id: "redactions",
    header: "Redacted",
    cell: (c) => <Count n={c.getValue()} />,
    meta: { width: "90px", num: true },
  }),
  col.accessor("blocked", {
    id: "blocked",
    header: "Blocked",
    enableSorting: false,
    cell: (c) =>
      c.getValue() > 0 ? (
        <span className={styles.guardrail} title="destructive calls a guardrail denied">
          {c.getValue()} held
        </span>
      ) : (
        <span className="faint">0</span>
      ),
    meta: { width: "82px", num: true },
  }),
  col.accessor("incidents", {
    id: "incidents",
    header: "Incidents",
    enableSorting: false,
    cell: (c) => <Count n={c.getValue()} bad />,
    meta: { width: "92px", num: true },
  }),
  col.accessor("principalArn", {
    id: "principal",
    header: "AWS principal",
    enableSorting: false,
    cell: (c) => {
      const r = c.row.original;
      if (!c.getValue()) return <span className="faint">unknown</span>;
      const [who, role] = compactPrincipal(c.getValue()).split(" · ");
      return (
        <div title={`${c.getValue()}\n(${r.principalFrom === "cloudtrail" ? "from linked CloudTrail events" : "from the agent log"})`}>
          <div className="mono">{who}</div>
          {role ? <div className="mono faint">{role}</div> : null}
        </div>
      );
    },
    meta: { width: "auto" },
  }),
]);

const isSortKey = (id: string): id is SessionSortKey => (SESSION_SORT_KEYS as readonly string[]).includes(id);

/** The sessions list: rows arrive sorted and paged by the server; header links change the URL's sort. */
export function SessionsTable({ rows, state }: { rows: SessionRow[]; state: SessionListState }) {
  const router = useRouter();
  const sortHref = (key: SessionSortKey) =>
    sessionsHref(state, { sort: key, dir: state.sort === key ? (state.dir === "asc" ? "desc" : "asc") : firstDir(key) });
  return (
    <ServerTable
      columns={columns}
      rows={rows}
      getRowId={(r) => r.id}
      sort={{ id: state.sort, dir: state.dir }}
      sortHref={(id) => (isSortKey(id) ? sortHref(id) : null)}
      testId="sessions-table"
      headClass={styles.wrapHead}
      cellClass={styles.stack}
      rowProps={(r) => ({
        className: `clickable${r.destructive > 0 ? " destructive" : ""}`,
        onClick: () => router.push(`/sessions/${r.id}`),
        "data-testid": "session-row",
      })}
    />
  );
}
