"use client";

import {
  createColumnHelper,
  metaHelper,
  type RowData,
  rowSortingFeature,
  type SortingState,
  type TableOptions,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { type ComponentProps, useMemo } from "react";
import { SortableHead } from "./sortable-head";

/** Per-column layout hints: width of the <col>, right-aligned numbers, cells that may wrap, extra cell classes. */
export type ColumnMeta = { width: string; num?: boolean; wrap?: boolean; className?: string };

/** The features every list table uses: sorting state only (the server sorts) and typed column meta. */
export const serverTableFeatures = tableFeatures({ rowSortingFeature, columnMeta: metaHelper<ColumnMeta>() });
export type ServerTableFeatures = typeof serverTableFeatures;

/** Column helper bound to the shared features: `const col = serverColumns<MyRow>()`. */
export function serverColumns<T extends RowData>() {
  return createColumnHelper<ServerTableFeatures, T>();
}

type RowProps = ComponentProps<"tr"> & { "data-testid"?: string };

export interface ServerTableProps<T extends RowData> {
  columns: TableOptions<ServerTableFeatures, T>["columns"];
  rows: T[];
  getRowId: (row: T) => string;
  /** the server's current sort (column id = allow-listed sort key) */
  sort: { id: string; dir: "asc" | "desc" };
  /** the URL that sorts by a column, or null when the server cannot sort by it */
  sortHref: (columnId: string) => string | null;
  testId: string;
  /** class for header cells (e.g. headers that may wrap) */
  headClass?: string;
  /** attributes of a row: click/keyboard handlers, classes, test ids */
  rowProps?: (row: T) => RowProps;
  /** class of a cell when its column meta does not say (e.g. stacked two-line cells) */
  cellClass?: string;
}

/**
 * The one shell of a server-sorted, server-paged table (incidents, sessions, events): TanStack Table v9 renders the
 * cells and tracks the sort the server applied; header links change the URL's sort. Wide tables scroll inside their
 * own box on narrow screens (`.table-wrap`).
 */
export function ServerTable<T extends RowData>(p: ServerTableProps<T>) {
  const sorting = useMemo<SortingState>(() => [{ id: p.sort.id, desc: p.sort.dir === "desc" }], [p.sort.id, p.sort.dir]);
  const table = useTable({
    features: serverTableFeatures,
    columns: p.columns,
    data: p.rows,
    getRowId: p.getRowId,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
  });
  return (
    <div className="table-wrap page-sticky">
      <table className="data" data-testid={p.testId}>
        <SortableHead
          columns={table.getAllLeafColumns()}
          headerGroups={table.getHeaderGroups()}
          renderHeader={(h) => <table.FlexRender header={h} />}
          sortHref={p.sortHref}
          headClass={p.headClass}
        />
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} {...(p.rowProps?.(row.original) ?? {})}>
              {row.getAllCells().map((cell) => {
                const m = cell.column.columnDef.meta;
                const cls = [m?.num ? "num" : "", m?.wrap ? "wrap" : "", m?.className ?? "", !m?.num && p.cellClass ? p.cellClass : ""]
                  .join(" ")
                  .trim();
                return (
                  <td key={cell.id} className={cls || undefined}>
                    <table.FlexRender cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
