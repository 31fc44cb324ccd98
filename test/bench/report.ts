import type { BenchStoreKind } from "./args";
import { type Breakdown, breakdownRows } from "./breakdown";
import type { IngestResult } from "./ingest";
import type { QueryResults } from "./queries";
import type { RawResult } from "./raw";
import type { ReconstructBenchResult } from "./reconstruct";

/** What one store's run measured (null: not measured, e.g. that step failed or was skipped). */
export interface StoreResult {
  store: BenchStoreKind;
  description: string;
  records: number;
  raw: RawResult | null;
  ingest: IngestResult | null;
  queries: QueryResults | null;
  reconstruct: ReconstructBenchResult | null;
  /** --breakdown only */
  breakdown?: Breakdown | null;
  errors: string[];
}

/** Target: ingest end to end at ≥ 70 % of the raw limit. */
export const RATIO_GOAL = 0.7;

/** The machine-readable line (one per store). Field order is part of the contract. */
export interface BenchJsonLine {
  store: BenchStoreKind;
  records: number;
  rawEventsPerSec: number | null;
  ingestEventsPerSec: number | null;
  ratio: number | null;
  windowPageMs: number | null;
  bucketsMs: number | null;
  searchMs: number | null;
  /** Events in the reconstruction row's database, and reconstructAll's wall time (null when skipped). */
  reconstructEvents: number | null;
  reconstructMs: number | null;
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export function ingestRatio(r: Pick<StoreResult, "raw" | "ingest">): number | null {
  if (!r.raw || !r.ingest || !(r.raw.eventsPerSec > 0)) return null;
  return r.ingest.eventsPerSec / r.raw.eventsPerSec;
}

export function jsonLine(r: StoreResult): BenchJsonLine {
  const ratio = ingestRatio(r);
  return {
    store: r.store,
    records: r.records,
    rawEventsPerSec: r.raw ? Math.round(r.raw.eventsPerSec) : null,
    ingestEventsPerSec: r.ingest ? Math.round(r.ingest.eventsPerSec) : null,
    ratio: ratio === null ? null : round(ratio, 3),
    windowPageMs: r.queries ? round(r.queries.windowPage.medianMs, 1) : null,
    bucketsMs: r.queries ? round(r.queries.buckets.medianMs, 1) : null,
    searchMs: r.queries ? round(r.queries.search.medianMs, 1) : null,
    reconstructEvents: r.reconstruct ? r.reconstruct.events : null,
    reconstructMs: r.reconstruct ? Math.round(r.reconstruct.ms) : null,
  };
}

/** Left-aligned first column, right-aligned others, two spaces between, a rule under the header. */
export function formatTable(rows: string[][]): string {
  if (!rows.length) return "";
  const cols = Math.max(...rows.map((r) => r.length));
  const width = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => [...(r[c] ?? "")].length)));
  const pad = (s: string, w: number, left: boolean) => {
    const fill = " ".repeat(Math.max(0, w - [...s].length));
    return left ? s + fill : fill + s;
  };
  const line = (r: string[]) =>
    width
      .map((w, c) => pad(r[c] ?? "", w, c === 0))
      .join("  ")
      .trimEnd();
  const out = [line(rows[0]), width.map((w) => "-".repeat(w)).join("  ")];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join("\n");
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => (n >= 100 ? int(n) : n.toFixed(1));
const secs = (n: number) => `${(n / 1000).toFixed(1)} s`;

/** The human-readable table: one column per store. */
export function resultTable(results: StoreResult[]): string {
  const cell = (r: StoreResult, f: (r: StoreResult) => string | null) => {
    try {
      return f(r) ?? "—";
    } catch {
      return "—";
    }
  };
  const row = (label: string, f: (r: StoreResult) => string | null) => [label, ...results.map((r) => cell(r, f))];
  const rows: string[][] = [
    ["", ...results.map((r) => r.store)],
    row("records", (r) => int(r.records)),
    row("(a) raw limit: gunzip+parse+COPY, events/s", (r) => (r.raw ? int(r.raw.eventsPerSec) : null)),
    row("      time", (r) => (r.raw ? secs(r.raw.ms) : null)),
    row("(b) aftermath ingest, events/s (report durationMs)", (r) => (r.ingest ? int(r.ingest.eventsPerSec) : null)),
    row("      time (report durationMs)", (r) => (r.ingest ? secs(r.ingest.reportMs) : null)),
    row("      events/s by process wall time", (r) => (r.ingest ? int(r.ingest.wallEventsPerSec) : null)),
    row("      wall time (spawn to exit)", (r) => (r.ingest ? secs(r.ingest.wallMs) : null)),
    row(`(b)/(a) — goal ≥ ${Math.round(RATIO_GOAL * 100)} %`, (r) => {
      const q = ingestRatio(r);
      return q === null ? null : `${Math.round(q * 100)} % ${q >= RATIO_GOAL ? "ok" : "MISS"}`;
    }),
    row("(c) 1 h window, first page, ms (median)", (r) => (r.queries ? ms(r.queries.windowPage.medianMs) : null)),
    row("    24 h in 1-min buckets, ms (median)", (r) => (r.queries ? ms(r.queries.buckets.medianMs) : null)),
    row("    free-text search, first page, ms (median)", (r) => (r.queries ? ms(r.queries.search.medianMs) : null)),
    row("    incident timeline, 13 h of one account, ms (median)", (r) => (r.queries ? ms(r.queries.timeline.medianMs) : null)),
    row("      same lane counts from the events alone", (r) => (r.queries ? ms(r.queries.timelineEvents.medianMs) : null)),
  ];
  if (results.some((r) => r.reconstruct)) {
    rows.push(
      row("(d) reconstructAll, events in store", (r) => (r.reconstruct ? int(r.reconstruct.events) : null)),
      row("      time", (r) => (r.reconstruct ? secs(r.reconstruct.ms) : null)),
      row("      sessions / links / incidents", (r) =>
        r.reconstruct ? `${r.reconstruct.sessions} / ${int(r.reconstruct.links)} / ${r.reconstruct.incidents}` : null,
      ),
    );
  }
  return formatTable(rows);
}

/** The --breakdown table: one row per step, ms and µs/event per store. */
export function breakdownTable(results: StoreResult[]): string | null {
  const with_ = results.filter((r): r is StoreResult & { breakdown: Breakdown } => Boolean(r.breakdown));
  if (!with_.length) return null;
  const per = with_.map((r) => breakdownRows(r.breakdown));
  const rows: string[][] = [["ingest replayed step by step", ...with_.flatMap((r) => [`${r.store} ms`, "%", "µs/event"])]];
  per[0].forEach(([label], i) => {
    rows.push([
      label,
      ...with_.flatMap((r, k) => {
        const ms = per[k][i][1];
        return [int(ms), `${Math.round((ms / r.breakdown.totalMs) * 100)}`, ((ms * 1000) / Math.max(1, r.breakdown.events)).toFixed(1)];
      }),
    ]);
  });
  rows.push([
    "total",
    ...with_.flatMap((r) => [int(r.breakdown.totalMs), "100", ((r.breakdown.totalMs * 1000) / Math.max(1, r.breakdown.events)).toFixed(1)]),
  ]);
  rows.push(["= events/s", ...with_.flatMap((r) => [int(r.breakdown.events / (r.breakdown.totalMs / 1000)), "", ""])]);
  return formatTable(rows);
}
