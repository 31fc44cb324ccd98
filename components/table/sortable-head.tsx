"use client";

import Link from "next/link";
import type { ReactNode } from "react";

type HeadColumn = {
  id: string;
  columnDef: { meta?: { width?: string; num?: boolean } };
  getCanSort(): boolean;
  getIsSorted(): false | "asc" | "desc";
};
type HeadHeader = { id: string; column: HeadColumn };

/**
 * Column widths and the header row of a server-sorted table: a sortable column's header is a link to the URL that
 * sorts by it (`sortHref` returns null for columns the server cannot sort), with aria-sort and an arrow.
 */
export function SortableHead<H extends HeadHeader>({
  columns,
  headerGroups,
  renderHeader,
  sortHref,
  headClass,
}: {
  columns: HeadColumn[];
  headerGroups: { id: string; headers: H[] }[];
  renderHeader: (header: H) => ReactNode;
  sortHref: (columnId: string) => string | null;
  headClass?: string;
}) {
  return (
    <>
      <colgroup>
        {columns.map((c) => (
          <col key={c.id} style={{ width: c.columnDef.meta?.width }} />
        ))}
      </colgroup>
      <thead>
        {headerGroups.map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => {
              const sorted = h.column.getIsSorted();
              const href = h.column.getCanSort() ? sortHref(h.column.id) : null;
              const className = [h.column.columnDef.meta?.num ? "num" : "", headClass ?? ""].join(" ").trim() || undefined;
              return (
                <th
                  key={h.id}
                  scope="col"
                  className={className}
                  aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                >
                  {href ? (
                    <Link href={href} scroll={false} title="Sort by this column">
                      {renderHeader(h)}
                      <span className="sort-ind" aria-hidden="true">
                        {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                      </span>
                    </Link>
                  ) : (
                    renderHeader(h)
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
    </>
  );
}
