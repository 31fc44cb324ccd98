"use client";

import { createColumnHelper, metaHelper, rowSortingFeature, type SortingState, tableFeatures, useTable } from "@tanstack/react-table";
import { useMemo } from "react";
import { SortableHead } from "@/components/table/sortable-head";
import type { EventUrlState } from "@/lib/events/filters";
import { shortPrincipal } from "@/lib/events/principal";
import { firstDirFor, SORT_KEYS, type SortKey } from "@/lib/events/sort";
import type { EventRow } from "@/lib/events/types";
import { eventsHref } from "@/lib/events/url";
import { formatUtc } from "@/lib/format";
import { RiskBadge } from "./risk-badge";
import { useEventParam } from "./use-event-param";

type ColumnMeta = { width: string; className?: string };

const features = tableFeatures({ rowSortingFeature, columnMeta: metaHelper<ColumnMeta>() });
const col = createColumnHelper<typeof features, EventRow>();

/** Column ids equal sort keys where the server can sort by them (allow-list in lib/events/sort.ts). */
const columns = col.columns([
  col.accessor("eventTime", {
    id: "eventTime",
    header: "Time (UTC)",
    cell: (c) => <span className="mono">{formatUtc(c.getValue())}</span>,
    meta: { width: "188px" },
  }),
  col.accessor("eventName", {
    id: "eventName",
    header: "Event",
    cell: (c) => <span title={c.getValue()}>{c.getValue()}</span>,
    meta: { width: "15%" },
  }),
  col.accessor("eventSource", {
    id: "eventSource",
    header: "Service",
    cell: (c) => <span title={c.getValue()}>{c.getValue().replace(/\.amazonaws\.com$/, "")}</span>,
    meta: { width: "8%" },
  }),
  col.accessor("principalArn", {
    id: "principal",
    header: "Principal",
    cell: (c) => {
      const r = c.row.original;
      const title = [r.principalArn, r.humanName ? `human: ${r.humanName}` : null].filter(Boolean).join("\n");
      return (
        <span className="mono" title={title || undefined}>
          {shortPrincipal(r.principalArn, r.principalType)}
        </span>
      );
    },
    meta: { width: "19%" },
  }),
  col.accessor("risk", { id: "risk", header: "Risk", cell: (c) => <RiskBadge risk={c.getValue()} />, meta: { width: "92px" } }),
  col.accessor("errorCode", {
    id: "errorCode",
    header: "Error",
    enableSorting: false,
    cell: (c) =>
      c.getValue() ? (
        <span className="error-code" title={c.getValue() ?? undefined}>
          {c.getValue()}
        </span>
      ) : null,
    meta: { width: "9%" },
  }),
  col.accessor("region", {
    id: "region",
    header: "Region",
    cell: (c) => c.getValue() ?? <span className="faint">—</span>,
    meta: { width: "96px" },
  }),
  col.accessor("accountId", {
    id: "account",
    header: "Account",
    cell: (c) => <span className="mono">{c.getValue() ?? "—"}</span>,
    meta: { width: "112px" },
  }),
  col.accessor("resources", {
    id: "resources",
    header: "Resources",
    enableSorting: false,
    cell: (c) => <ResourcesCell row={c.row.original} />,
    meta: { width: "auto" },
  }),
]);

function ResourcesCell({ row }: { row: EventRow }) {
  if (row.resourceCount === 0) return <span className="faint">—</span>;
  const more = row.resourceCount - row.resources.length;
  return (
    <span className="mono" title={row.resources.join("\n")}>
      {row.resources.join(", ")}
      {more > 0 ? <span className="faint"> +{more}</span> : null}
    </span>
  );
}

const isSortKey = (id: string): id is SortKey => (SORT_KEYS as readonly string[]).includes(id);

/** The event list. Rows arrive sorted and paged by the server; header links change the URL's sort. */
export function EventsTable({ rows, state }: { rows: EventRow[]; state: EventUrlState }) {
  const [selected, openEvent] = useEventParam();
  const sorting = useMemo<SortingState>(() => [{ id: state.sort, desc: state.dir === "desc" }], [state.sort, state.dir]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (r) => r.eventId,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
  });

  const sortHref = (key: SortKey) => {
    const dir = state.sort === key ? (state.dir === "asc" ? "desc" : "asc") : firstDirFor(key);
    return eventsHref(state, { sort: key, dir });
  };

  return (
    <div className="table-wrap page-sticky">
      <table className="data" data-testid="events-table">
        <SortableHead
          columns={table.getAllLeafColumns()}
          headerGroups={table.getHeaderGroups()}
          renderHeader={(h) => <table.FlexRender header={h} />}
          sortHref={(id) => (isSortKey(id) ? sortHref(id) : null)}
        />
        <tbody>
          {table.getRowModel().rows.map((row) => {
            const r = row.original;
            return (
              <tr
                key={row.id}
                className={`clickable${r.risk === "destructive" ? " destructive" : ""}`}
                aria-selected={selected === r.eventId}
                tabIndex={0}
                onClick={() => openEvent(r.eventId)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    openEvent(r.eventId);
                  }
                }}
                data-testid="event-row"
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
