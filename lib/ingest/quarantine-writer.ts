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

const COLUMNS = ["source_id", "record_index", "line", "reason", "raw_text", "raw_bytes"];
/** A COPY of quarantine rows is sent at this many rows or this many bytes of text, whichever comes first. */
const FLUSH_ROWS = 5000;
const FLUSH_CHARS = 4 * 1024 * 1024;

/**
 * Stores quarantined and skipped records. A file's quarantine rows need the file's sha256 (re-ingesting the same file
 * must not add its quarantine twice), known only once the file is read: rows wait in memory, and past FLUSH_ROWS /
 * FLUSH_CHARS in a temporary table without indexes (COPY); finish() moves them into quarantined_record with the hash
 * in one INSERT … SELECT … ON CONFLICT DO NOTHING. (Rows used to go straight in under a placeholder hash and be
 * rewritten by an UPDATE at the end: a file of 100,000 tiny invalid records spent 14 s in that UPDATE on PGlite,
 * plus the index upkeep of every COPY.) A run that dies leaves nothing behind: its temporary table goes with its
 * connection, and a re-run stores the quarantine again.
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
  private readonly stage: string;
  private staged = false;

  constructor(
    private readonly session: SqlSession,
    private readonly sourceId: string,
  ) {
    this.stage = `stage_q_${sourceId.replace(/[^a-zA-Z0-9]/g, "")}`;
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
    const row = csvRow([this.sourceId, item.position.index, item.position.line, reason.text, text.text, Buffer.byteLength(item.rawText)]);
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

  /** Moves the rows held in memory to the temporary table. */
  async flush(): Promise<void> {
    if (!this.rows.length) return;
    const csv = new TextEncoder().encode(this.rows.join(""));
    this.rows = [];
    this.chars = 0;
    if (!this.staged) {
      await this.session.exec(
        `CREATE TEMP TABLE IF NOT EXISTS ${this.stage} (source_id uuid, record_index int, line int, reason text, raw_text text, raw_bytes int)`,
      );
      this.staged = true;
    }
    await this.session.copyCsv(this.stage, COLUMNS, csv);
  }

  /** Stores the rows with the file's hash, leaving out ones an earlier run of the same file stored. */
  async finish(fileSha256: string): Promise<void> {
    if (this.quarantined) {
      await this.flush();
      await this.session.query(
        `INSERT INTO quarantined_record (source_id, file_sha256, record_index, line, reason, raw_text, raw_bytes)
         SELECT source_id, $1, record_index, line, reason, raw_text, raw_bytes FROM ${this.stage}
         ON CONFLICT (file_sha256, record_index) DO NOTHING`,
        [fileSha256],
      );
      await this.session.exec(`DROP TABLE IF EXISTS ${this.stage}`);
      this.staged = false;
    }
    await this.flushSkips();
  }
}
