import "server-only";
import { type RedactedText, redactSecrets } from "@/lib/agent-logs/redact";
import type { SqlSession } from "@/lib/db";
import type { QuarantineItem, SkipItem } from "@/lib/model/ingest-item";
import { csvRow } from "./csv";
import { QUARANTINE_IN_REPORT } from "./report";

/** Quarantined raw text kept in the database per record (the original size is kept beside it). */
export const QUARANTINE_TEXT_LIMIT = 64 * 1024;

/**
 * The text a quarantine or skip row stores, secrets redacted: the same redaction agent-log records get, applied here,
 * where every path's quarantine rows are written (CloudTrail, agent logs, OTLP, the reader's own limits).
 */
export function redactForQuarantine(text: string, limit = QUARANTINE_TEXT_LIMIT): RedactedText {
  // Redact a little beyond the limit so a secret straddling the cut is still found, then cut.
  const head = text.length > limit + 1024 ? text.slice(0, limit + 1024) : text;
  const r = redactSecrets(head);
  return { text: r.text.length > limit ? r.text.slice(0, limit) : r.text, count: r.count };
}

const COLUMNS = ["source_id", "file_sha256", "record_index", "line", "reason", "raw_text", "raw_bytes"];
/** A COPY of quarantine rows is sent at this many rows or this many bytes of text, whichever comes first. */
const FLUSH_ROWS = 5000;
const FLUSH_CHARS = 4 * 1024 * 1024;

/**
 * Stores quarantined and skipped records as they come. Rows carry a per-run placeholder hash until the file's
 * sha256 is known (finish), so re-ingesting the same file does not add its quarantine twice.
 */
export class QuarantineWriter {
  private rows: string[] = [];
  private chars = 0;
  readonly firstEntries: { index: number; line: number | null; reason: string }[] = [];
  quarantined = 0;
  skipped = 0;
  /** Secrets replaced in quarantined text and reasons. */
  redactions = 0;
  private skips: SkipItem[] = [];
  private readonly pendingSha: string;

  constructor(
    private readonly session: SqlSession,
    private readonly sourceId: string,
  ) {
    this.pendingSha = `pending:${sourceId}`;
  }

  async quarantine(item: QuarantineItem): Promise<void> {
    this.add(item);
    if (this.rows.length >= FLUSH_ROWS || this.chars >= FLUSH_CHARS) await this.flush();
  }

  /** Quarantines a batch of records (a parse sends them in batches). */
  async quarantineMany(items: QuarantineItem[]): Promise<void> {
    for (const item of items) {
      this.add(item);
      if (this.rows.length >= FLUSH_ROWS || this.chars >= FLUSH_CHARS) await this.flush();
    }
  }

  private add(item: QuarantineItem): void {
    this.quarantined++;
    const reason = redactForQuarantine(item.reason, 2000);
    const text = redactForQuarantine(item.rawText);
    this.redactions += reason.count + text.count;
    if (this.firstEntries.length < QUARANTINE_IN_REPORT)
      this.firstEntries.push({ index: item.position.index, line: item.position.line, reason: reason.text });
    const row = csvRow([
      this.sourceId,
      this.pendingSha,
      item.position.index,
      item.position.line,
      reason.text,
      text.text,
      Buffer.byteLength(item.rawText),
    ]);
    this.rows.push(row);
    this.chars += row.length;
  }

  async skip(item: SkipItem): Promise<void> {
    this.skipped++;
    const reason = redactForQuarantine(item.reason, 2000);
    this.redactions += reason.count;
    this.skips.push({ ...item, reason: reason.text });
    if (this.skips.length >= 1000) await this.flushSkips();
  }

  private async flushSkips(): Promise<void> {
    if (!this.skips.length) return;
    const csv = new TextEncoder().encode(
      this.skips.map((s) => csvRow([this.sourceId, s.position.index, s.position.line, s.reason.slice(0, 2000)])).join(""),
    );
    this.skips = [];
    await this.session.copyCsv("skipped_record", ["source_id", "record_index", "line", "reason"], csv);
  }

  async flush(): Promise<void> {
    if (!this.rows.length) return;
    const csv = new TextEncoder().encode(this.rows.join(""));
    this.rows = [];
    this.chars = 0;
    await this.session.copyCsv("quarantined_record", COLUMNS, csv);
  }

  /** Writes what is left and gives the rows the file's hash, dropping ones an earlier run of the same file stored. */
  async finish(fileSha256: string): Promise<void> {
    await this.flush();
    if (this.quarantined) {
      await this.session.query(
        `DELETE FROM quarantined_record q WHERE q.file_sha256 = $1 AND EXISTS (
           SELECT 1 FROM quarantined_record o WHERE o.file_sha256 = $2 AND o.record_index = q.record_index)`,
        [this.pendingSha, fileSha256],
      );
      await this.session.query(`UPDATE quarantined_record SET file_sha256 = $2 WHERE file_sha256 = $1`, [this.pendingSha, fileSha256]);
    }
    await this.flushSkips();
  }
}
