import type { IngestReport } from "@/lib/ingest/report";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The human-readable ingest report the CLI prints. With `baseUrl` (AFTERMATH_URL, the web app's address) each file
 * gets its link: the source report, and for an agent log the session it created (and from there its incidents).
 */
export function formatIngestReport(r: IngestReport, opts: { baseUrl?: string | null } = {}): string {
  const base = opts.baseUrl ? opts.baseUrl.replace(/\/+$/, "") : null;
  const lines: string[] = [];
  for (const f of r.files) {
    const head = `${f.path}  [${f.kind}${f.format ? `/${f.format}` : ""}]`;
    lines.push(head);
    lines.push(
      `  read ${f.read}  ingested ${f.ingested}  duplicates ${f.duplicates}${f.conflicts ? ` (conflicts ${f.conflicts})` : ""}  quarantined ${f.quarantined}  skipped ${f.skipped}${f.redactions ? `  secrets redacted ${f.redactions}` : ""}`,
    );
    if (f.error) lines.push(`  ERROR: ${f.error}`);
    if (base && f.sourceId) {
      lines.push(`  web: ${base}/sources/${f.sourceId}`);
      if (f.kind === "agent-log" && f.ingested > 0) lines.push(`  session: ${base}/sources/${f.sourceId}/session`);
    }
    for (const n of f.notes.slice(0, 5)) lines.push(`  note: ${n}`);
    for (const q of f.quarantine.slice(0, 10))
      lines.push(`  quarantined record ${q.index}${q.line ? ` (line ${q.line})` : ""}: ${q.reason}`);
    if (f.quarantined > 10) lines.push(`  … ${f.quarantined - 10} more quarantined records (see the Sources page)`);
  }
  const rate = r.durationMs ? Math.round((r.read * 1000) / r.durationMs) : r.read;
  lines.push("");
  lines.push(
    `${plural(r.files.length, "file")}: read ${r.read}, ingested ${r.ingested}, duplicates ${r.duplicates}, quarantined ${r.quarantined}, skipped ${r.skipped} in ${(r.durationMs / 1000).toFixed(1)} s (${rate.toLocaleString("en-US")} records/s)`,
  );
  return lines.join("\n");
}
