"use client";

import {
  createColumnHelper,
  createSortedRowModel,
  metaHelper,
  rowSortingFeature,
  type SortingState,
  sortFns,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { useState } from "react";
import { formatUtc } from "@/lib/format";
import type { TargetStatus } from "@/lib/safeguards/types";
import { SafeguardStatusBadge } from "./status-badge";

export interface TargetRow {
  key: string;
  account: string;
  rolloutAt: string | null;
  regions: string[];
  agentKinds: string[];
  teams: string[];
  environments: string[];
  status: TargetStatus;
  violations: number;
  observations: number;
}

type ColumnMeta = { width: string; num?: boolean };
const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns,
  columnMeta: metaHelper<ColumnMeta>(),
});
const col = createColumnHelper<typeof features, TargetRow>();
const STATUS_RANK: Record<TargetStatus, number> = { violated: 0, no_evidence: 1, verified: 2, planned: 3 };
const list = (xs: string[]) => (xs.length ? xs.join(", ") : "all");

const columns = col.columns([
  col.accessor("key", {
    id: "target",
    header: "Target",
    cell: (c) => <b title={c.getValue()}>{c.getValue()}</b>,
    meta: { width: "170px" },
  }),
  col.accessor("status", {
    id: "status",
    header: "Status",
    sortFn: (a, b) => STATUS_RANK[a.original.status] - STATUS_RANK[b.original.status],
    cell: (c) => <SafeguardStatusBadge status={c.getValue()} />,
    meta: { width: "120px" },
  }),
  col.accessor("account", {
    id: "account",
    header: "Account",
    cell: (c) => <span className="mono">{c.getValue()}</span>,
    meta: { width: "120px" },
  }),
  col.accessor((r) => `${list(r.regions)} · ${list(r.agentKinds)}${r.teams.length ? ` · ${r.teams.join(", ")}` : ""}`, {
    id: "scope",
    header: "Regions · agents · teams",
    enableSorting: false,
    cell: (c) => <span title={c.getValue()}>{c.getValue()}</span>,
    meta: { width: "auto" },
  }),
  col.accessor((r) => r.environments.join(", "), { id: "env", header: "Env", enableSorting: false, meta: { width: "80px" } }),
  col.accessor("rolloutAt", {
    id: "rolloutAt",
    header: "Rollout (UTC)",
    cell: (c) =>
      c.getValue() ? <span className="mono">{formatUtc(c.getValue()!, false).slice(0, 16)}</span> : <span className="faint">not set</span>,
    meta: { width: "140px" },
  }),
  col.accessor("violations", {
    id: "violations",
    header: "Violations",
    cell: (c) => <span className={c.getValue() > 0 ? "error-code" : "faint"}>{c.getValue()}</span>,
    meta: { width: "92px", num: true },
  }),
  col.accessor("observations", { id: "observations", header: "Observed", meta: { width: "84px", num: true } }),
]);

/** A safeguard's rollout targets, sortable in the browser (a safeguard has few targets). */
export function TargetsTable({ rows }: { rows: TargetRow[] }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "status", desc: false }]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (r) => r.key,
    state: { sorting },
    onSortingChange: setSorting,
  });
  return (
    <div className="table-wrap">
      <table className="data" data-testid="targets-table" style={{ minWidth: 960 }}>
        <colgroup>
          {table.getAllLeafColumns().map((c) => (
            <col key={c.id} style={{ width: c.columnDef.meta?.width }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th
                    key={h.id}
                    className={h.column.columnDef.meta?.num ? "num" : undefined}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {h.column.getCanSort() ? (
                      <button type="button" className="linklike" onClick={h.column.getToggleSortingHandler()}>
                        <table.FlexRender header={h} />
                        {sorted ? (sorted === "asc" ? " ▲" : " ▼") : ""}
                      </button>
                    ) : (
                      <table.FlexRender header={h} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id} data-testid="target-row" data-status={r.original.status}>
              {r.getAllCells().map((c) => (
                <td key={c.id} className={c.column.columnDef.meta?.num ? "num" : undefined}>
                  <table.FlexRender cell={c} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
