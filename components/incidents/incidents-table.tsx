"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ModeBadge } from "@/components/sessions/mode-badge";
import { ServerTable, serverColumns } from "@/components/table/server-table";
import { formatDuration, formatUtc } from "@/lib/format";
import {
  INCIDENT_SORT_KEYS,
  type IncidentListState,
  type IncidentSortKey,
  incidentFirstDir,
  incidentsHref,
} from "@/lib/incidents/list-params";
import type { IncidentRow } from "@/lib/incidents/view-types";
import { compactPrincipal } from "@/lib/sessions/view-model";
import { ApprovalRecorded, IncidentStatusBadge } from "./incident-badges";
import styles from "./incidents.module.css";

const col = serverColumns<IncidentRow>();

/** Column ids equal the allow-listed sort keys (lib/incidents/list-params.ts) where the server can sort. */
const columns = col.columns([
  col.accessor("status", {
    id: "status",
    header: "Status",
    cell: (c) => <IncidentStatusBadge status={c.getValue()} />,
    meta: { width: "96px" },
  }),
  col.accessor("title", {
    id: "title",
    header: "Incident",
    cell: (c) => (
      <Link href={`/incidents/${c.row.original.id}`} title={c.getValue()} onClick={(e) => e.stopPropagation()} data-testid="incident-link">
        {c.getValue()}
      </Link>
    ),
    meta: { width: "auto", wrap: true },
  }),
  col.accessor("startedAt", {
    id: "startedAt",
    header: "Started (UTC)",
    cell: (c) => <span className="mono">{formatUtc(c.getValue(), false)}</span>,
    meta: { width: "162px" },
  }),
  col.accessor("durationMinutes", {
    id: "duration",
    header: "Duration",
    cell: (c) =>
      c.getValue() === null ? <span className={styles.ongoing}>ongoing</span> : <b>{formatDuration(c.getValue()! * 60_000)}</b>,
    meta: { width: "104px", num: true },
  }),
  col.accessor("agentKind", {
    id: "agent",
    header: "Agent",
    enableSorting: false,
    cell: (c) => (
      <span className={styles.agentCell}>
        <b>{c.getValue() ?? "—"}</b> {c.row.original.mode ? <ModeBadge mode={c.row.original.mode} /> : null}
      </span>
    ),
    meta: { width: "140px" },
  }),
  col.accessor("human", {
    id: "human",
    header: "Principal · human",
    enableSorting: false,
    cell: (c) => {
      const r = c.row.original;
      return (
        <span title={r.principalArn ?? undefined}>
          {r.human ? <b>{r.human}</b> : <span className="mono">{compactPrincipal(r.principalArn)}</span>}
          {r.inheritedHumanSession ? <span className={styles.inherited}>inherited session</span> : null}
        </span>
      );
    },
    meta: { width: "220px", wrap: true },
  }),
  col.accessor("approvalRecorded", {
    id: "approval",
    header: "Approval",
    enableSorting: false,
    cell: (c) => <ApprovalRecorded recorded={c.getValue()} />,
    meta: { width: "124px" },
  }),
  col.accessor("destructive", {
    id: "destructive",
    header: "Destructive",
    cell: (c) => <span className={c.getValue() > 0 ? styles.bad : "faint"}>{c.getValue()}</span>,
    meta: { width: "100px", num: true },
  }),
  col.accessor("blocked", {
    id: "blocked",
    header: "Blocked",
    enableSorting: false,
    cell: (c) => (c.getValue() > 0 ? <span className={styles.held}>{c.getValue()} held</span> : <span className="faint">0</span>),
    meta: { width: "80px", num: true },
  }),
  col.accessor("accountId", {
    id: "account",
    header: "Account · region",
    enableSorting: false,
    cell: (c) => (
      <span className="mono">
        {c.getValue() ?? "—"}
        {c.row.original.region ? <div className="faint">{c.row.original.region}</div> : null}
      </span>
    ),
    meta: { width: "120px", wrap: true },
  }),
]);

const isSortKey = (id: string): id is IncidentSortKey => (INCIDENT_SORT_KEYS as readonly string[]).includes(id);

/** The incidents list: rows arrive filtered, sorted and paged by the server. */
export function IncidentsTable({ rows, state }: { rows: IncidentRow[]; state: IncidentListState }) {
  const router = useRouter();
  const sortHref = (key: IncidentSortKey) =>
    incidentsHref(state, { sort: key, dir: state.sort === key ? (state.dir === "asc" ? "desc" : "asc") : incidentFirstDir(key) });
  return (
    <ServerTable
      columns={columns}
      rows={rows}
      getRowId={(r) => r.id}
      sort={{ id: state.sort, dir: state.dir }}
      sortHref={(id) => (isSortKey(id) ? sortHref(id) : null)}
      testId="incidents-table"
      headClass={styles.wrapHead}
      rowProps={(r) => ({
        className: `clickable${r.status === "open" ? " destructive" : ""}`,
        onClick: () => router.push(`/incidents/${r.id}`),
        "data-testid": "incident-row",
      })}
    />
  );
}
