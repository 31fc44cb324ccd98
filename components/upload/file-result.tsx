import Link from "next/link";
import { keyedTexts } from "@/components/keyed-texts";
import { RecordReasonsTable } from "@/components/sources/record-reasons-table";
import { eventsHref } from "@/lib/events/url";
import { formatCount, formatDuration } from "@/lib/format";
import { reportTime, type UploadFileReport, type UploadOutcome } from "@/lib/upload/ingest-response";

const COUNTS = [
  ["read", "Read"],
  ["ingested", "Ingested"],
  ["duplicates", "Duplicates"],
  ["quarantined", "Quarantined"],
  ["skipped", "Skipped"],
  ["conflicts", "Conflicts"],
  ["redactions", "Redactions"],
] as const;

/** Link to the events the file covered (only when the server reports the time range). */
function eventsLink(f: UploadFileReport): string | null {
  const min = reportTime(f.minTime);
  const max = reportTime(f.maxTime);
  if (min === null || max === null) return null;
  return eventsHref({}, { from: new Date(min).toISOString(), to: new Date(max + 1).toISOString() });
}

function OneFile({ f }: { f: UploadFileReport }) {
  const events = f.kind === "cloudtrail" && f.ingested + f.duplicates > 0 ? (eventsLink(f) ?? "/events") : null;
  return (
    <div className="panel-body file-part">
      <div className="file-head">
        <span>
          {f.kind}
          {f.format ? <span className="mono"> · {f.format}</span> : null}
        </span>
        {f.durationMs !== undefined ? <span className="faint">{formatDuration(f.durationMs)}</span> : null}
        <span className="push-right button-row">
          {f.sourceId && f.kind === "agent-log" && f.ingested > 0 ? (
            <Link
              href={`/sources/${encodeURIComponent(f.sourceId)}/session`}
              className="btn small primary"
              data-testid="upload-session-link"
            >
              Open the session it created
            </Link>
          ) : null}
          {f.sourceId ? (
            <Link href={`/sources/${encodeURIComponent(f.sourceId)}`} data-testid="source-link">
              Source report
            </Link>
          ) : null}
          {events ? (
            <Link href={events} data-testid="events-link">
              View events
            </Link>
          ) : null}
        </span>
      </div>
      {f.error ? <div className="notice error">{f.error}</div> : null}
      <div className="stats" data-testid="file-counts">
        {COUNTS.map(([k, label]) => (
          <div key={k} className={`stat${k === "quarantined" && f[k] > 0 ? " bad" : k === "conflicts" && f[k] > 0 ? " warn" : ""}`}>
            <div className="label">{label}</div>
            <div className="value" data-testid={`count-${k}`}>
              {formatCount(f[k])}
            </div>
          </div>
        ))}
      </div>
      {f.notes.length > 0 ? (
        <ul className="muted file-notes">
          {keyedTexts(f.notes).map((n) => (
            <li key={n.key}>{n.text}</li>
          ))}
        </ul>
      ) : null}
      {f.quarantine.length > 0 ? (
        <div className="gap-top-8" data-testid="quarantine-reasons">
          <div className="muted gap-bottom-4">
            Quarantined records
            {f.quarantined > f.quarantine.length ? ` (first ${f.quarantine.length} of ${formatCount(f.quarantined)})` : ""}:
          </div>
          <RecordReasonsTable
            rows={f.quarantine.slice(0, 50).map((q) => ({ key: q.index, index: q.index, line: q.line, reason: q.reason }))}
          />
        </div>
      ) : null}
    </div>
  );
}

/** The server's answer for one uploaded file: its report, or the error envelope's safe message. */
export function FileResult({ outcome }: { outcome: UploadOutcome }) {
  if (outcome.kind === "error") {
    return (
      <div className="panel-body">
        <div className="notice error" data-testid="upload-error">
          {outcome.message}
          {outcome.status ? <span className="faint"> (HTTP {outcome.status})</span> : null}
        </div>
      </div>
    );
  }
  return (
    <>
      {keyedTexts(outcome.report.files.map((f) => `${f.sourceId ?? "x"}:${f.path}`)).map(({ key }, i) => (
        <OneFile key={key} f={outcome.report.files[i]} />
      ))}
    </>
  );
}
