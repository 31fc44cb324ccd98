"use client";

import { ServerTable, serverColumns } from "@/components/table/server-table";
import type { EventUrlState } from "@/lib/events/filters";
import { personAndRole } from "@/lib/events/principal";
import { firstDirFor, SORT_KEYS, type SortKey } from "@/lib/events/sort";
import type { EventRow } from "@/lib/events/types";
import { eventsHref } from "@/lib/events/url";
import { formatUtc } from "@/lib/format";
import { RiskBadge } from "./risk-badge";
import { useEventParam } from "./use-event-param";

const col = serverColumns<EventRow>();

/** Column ids equal sort keys where the server can sort by them (allow-list in lib/events/sort.ts). */
const columns = col.columns([
  col.accessor("eventTime", {
    id: "eventTime",
    header: "Time (UTC)",
    cell: (c) => <span className="mono">{formatUtc(c.getValue())}</span>,
    meta: { width: "172px" },
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
    header: "Who · role",
    cell: (c) => {
      const r = c.row.original;
      const p = personAndRole(r.principalArn, r.humanName);
      const title = [r.principalArn, r.humanName ? `human: ${r.humanName}` : null].filter(Boolean).join("\n");
      return (
        <span title={title || undefined} data-testid="event-who">
          <b>{p.who}</b>
          {p.role ? <span className="who-role">{p.role}</span> : null}
        </span>
      );
    },
    meta: { width: "19%" },
  }),
  col.accessor("agentLinked", {
    id: "agentLinked",
    header: "Agent",
    enableSorting: false,
    cell: (c) =>
      c.getValue() ? (
        <span className="tag agent" title="Linked to an agent session's tool call">
          agent-linked
        </span>
      ) : null,
    meta: { width: "104px" },
  }),
  col.accessor("inIncident", {
    id: "inIncident",
    header: "Incident",
    enableSorting: false,
    cell: (c) =>
      c.getValue() ? (
        <span className="tag incident" title="Part of a reconstructed incident (its window, session or affected resources)">
          in incident
        </span>
      ) : null,
    meta: { width: "96px" },
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
  const sortHref = (key: SortKey) => {
    const dir = state.sort === key ? (state.dir === "asc" ? "desc" : "asc") : firstDirFor(key);
    return eventsHref(state, { sort: key, dir });
  };
  return (
    <ServerTable
      columns={columns}
      rows={rows}
      getRowId={(r) => r.eventId}
      sort={{ id: state.sort, dir: state.dir }}
      sortHref={(id) => (isSortKey(id) ? sortHref(id) : null)}
      testId="events-table"
      rowProps={(r) => ({
        className: `clickable${r.risk === "destructive" ? " destructive" : ""}`,
        "aria-selected": selected === r.eventId,
        tabIndex: 0,
        onClick: () => openEvent(r.eventId),
        onKeyDown: (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            openEvent(r.eventId);
          }
        },
        "data-testid": "event-row",
      })}
    />
  );
}
