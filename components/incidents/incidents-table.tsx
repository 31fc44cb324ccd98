"use client";

import { createColumnHelper, metaHelper, rowSortingFeature, type SortingState, tableFeatures, useTable } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { ModeBadge } from "@/components/sessions/mode-badge";
import { SortableHead } from "@/components/table/sortable-head";
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

type ColumnMeta = { width: string; num?: boolean; wrap?: boolean };
const features = tableFeatures({ rowSortingFeature, columnMeta: metaHelper<ColumnMeta>() });
const col = createColumnHelper<typeof features, IncidentRow>();

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
  const sorting = useMemo<SortingState>(() => [{ id: state.sort, desc: state.dir === "desc" }], [state.sort, state.dir]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (r) => r.id,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
  });
  const sortHref = (key: IncidentSortKey) =>
    incidentsHref(state, { sort: key, dir: state.sort === key ? (state.dir === "asc" ? "desc" : "asc") : incidentFirstDir(key) });

  return (
    <div className="table-wrap page-sticky">
      <table className="data" data-testid="incidents-table">
        <SortableHead
          columns={table.getAllLeafColumns()}
          headerGroups={table.getHeaderGroups()}
          renderHeader={(h) => <table.FlexRender header={h} />}
          sortHref={(id) => (isSortKey(id) ? sortHref(id) : null)}
          headClass={styles.wrapHead}
        />
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className={`clickable${row.original.status === "open" ? " destructive" : ""}`}
              onClick={() => router.push(`/incidents/${row.original.id}`)}
              data-testid="incident-row"
            >
              {row.getAllCells().map((cell) => (
                <td
                  key={cell.id}
                  className={
                    [cell.column.columnDef.meta?.num ? "num" : "", cell.column.columnDef.meta?.wrap ? "wrap" : ""].join(" ").trim() ||
                    undefined
                  }
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
