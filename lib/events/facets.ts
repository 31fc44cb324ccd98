import "server-only";
import type { Store } from "@/lib/db";
import type { FacetColumn, FacetValue } from "./types";

const MAX_FACET_VALUES = 300;

export type EventFacets = Record<FacetColumn, FacetValue[]>;

/**
 * The filter dropdowns' values with their event counts, for all time, from the rollup's hour rows (lib/rollup:
 * event_rollup width_min 60, read by its primary key; written with the events, so the counts equal a GROUP BY over
 * cloudtrail_event) — one statement, no event read. Accounts and regions sorted by value (NULL, kept as '' in the
 * rollup, is left out), services by count; at most 300 each.
 */
export async function eventFacets(store: Store): Promise<EventFacets> {
  const rows = await store.prisma.$queryRaw<{ a: string; r: string; s: string; n: bigint | number }[]>`
    SELECT r.account_id AS a, r.region AS r, r.event_source AS s, sum(r.count)::bigint AS n
    FROM event_rollup r WHERE r.width_min = 60 GROUP BY 1, 2, 3`;
  const sums = { account: new Map<string, number>(), region: new Map<string, number>(), service: new Map<string, number>() };
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const row of rows) {
    const n = Number(row.n);
    if (n <= 0) continue;
    if (row.a !== "") add(sums.account, row.a, n);
    if (row.r !== "") add(sums.region, row.r, n);
    add(sums.service, row.s, n);
  }
  const list = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count }));
  const byValue = (x: FacetValue, y: FacetValue) => (x.value < y.value ? -1 : x.value > y.value ? 1 : 0);
  return {
    account: list(sums.account).sort(byValue).slice(0, MAX_FACET_VALUES),
    region: list(sums.region).sort(byValue).slice(0, MAX_FACET_VALUES),
    service: list(sums.service)
      .sort((x, y) => (y.count ?? 0) - (x.count ?? 0) || byValue(x, y))
      .slice(0, MAX_FACET_VALUES),
  };
}

/** One dropdown's values (see eventFacets). */
export async function facetValues(store: Store, column: FacetColumn): Promise<FacetValue[]> {
  if (column !== "account" && column !== "region" && column !== "service") throw new Error("facet column not allowed");
  return (await eventFacets(store))[column];
}
