import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { keyedTexts } from "@/components/keyed-texts";
import { PagerLinks } from "@/components/pager-links";
import { RawText } from "@/components/sources/raw-text";
import { RecordReasonsTable } from "@/components/sources/record-reasons-table";
import { StatusBadge } from "@/components/sources/status-badge";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { formatBytes, formatCount, formatDuration, formatUtc } from "@/lib/format";
import { OffsetParam } from "@/lib/http/search-params";
import { getSource, listConflicts, listQuarantined, listSkipped, SourceId } from "@/lib/sources/queries";

export const metadata: Metadata = { title: "Source" };

const Params = z.object({ qoffset: OffsetParam, soffset: OffsetParam, coffset: OffsetParam });
type Offsets = z.infer<typeof Params>;

function Stat({ label, value, tone }: { label: string; value: number; tone?: "bad" | "warn" }) {
  return (
    <div className={`stat${value > 0 && tone ? ` ${tone}` : ""}`}>
      <div className="label">{label}</div>
      <div className="value">{formatCount(value)}</div>
    </div>
  );
}

export default async function SourcePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser("data:read");
  const { id } = await params;
  if (!SourceId.safeParse(id).success) notFound();
  const offsets = Params.parse(await searchParams);
  const store = await getStore();
  const source = await getSource(store, id);
  if (!source) notFound();
  const [quarantine, skipped, conflicts] = await Promise.all([
    listQuarantined(store, id, { limit: 50, offset: offsets.qoffset }),
    listSkipped(store, id, { limit: 100, offset: offsets.soffset }),
    listConflicts(store, id, { limit: 20, offset: offsets.coffset }),
  ]);
  const href = (patch: Partial<Offsets>, anchor: string) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...offsets, ...patch })) if (v) sp.set(k, String(v));
    const qs = sp.toString();
    return `/sources/${id}${qs ? `?${qs}` : ""}#${anchor}`;
  };

  return (
    <>
      <div className="page-header">
        <h1 style={{ wordBreak: "break-all" }}>{source.fileName}</h1>
        <StatusBadge status={source.status} />
        <span className="sub">
          {source.kind}
          {source.format ? ` · ${source.format}` : ""} · via {source.via}
        </span>
        <span className="actions">
          <Link href="/sources" className="btn">
            All sources
          </Link>
        </span>
      </div>

      {source.error ? <div className="notice error">Ingest failed: {source.error}</div> : null}

      <section className="panel" data-testid="source-report">
        <div className="panel-body">
          <div className="stats">
            <Stat label="Read" value={source.read} />
            <Stat label="Ingested" value={source.ingested} />
            <Stat label="Duplicates" value={source.duplicates} />
            <Stat label="Quarantined" value={source.quarantined} tone="bad" />
            <Stat label="Skipped" value={source.skipped} />
            <Stat label="Conflicts" value={source.conflicts} tone="warn" />
            <Stat label="Redactions" value={source.redactions} />
          </div>
        </div>
        <div className="panel-body" style={{ borderTop: "1px solid var(--border)" }}>
          <dl className="kv">
            <dt>Source id</dt>
            <dd className="mono">{source.id}</dd>
            <dt>Started</dt>
            <dd className="mono">{formatUtc(source.startedAt)} UTC</dd>
            <dt>Finished</dt>
            <dd className="mono">{source.finishedAt ? `${formatUtc(source.finishedAt)} UTC` : "—"}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(source.durationMs)}</dd>
            <dt>Size</dt>
            <dd>{formatBytes(source.sizeBytes)}</dd>
            <dt>SHA-256</dt>
            <dd className="mono">{source.sha256}</dd>
            {source.path ? (
              <>
                <dt>Path</dt>
                <dd className="mono">{source.path}</dd>
              </>
            ) : null}
          </dl>
        </div>
      </section>

      {source.notes.length > 0 ? (
        <section className="panel">
          <div className="panel-head">
            <h2>Notes</h2>
          </div>
          <ul className="panel-body" style={{ margin: 0, paddingLeft: 28 }}>
            {keyedTexts(source.notes).map((n) => (
              <li key={n.key}>{n.text}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" id="quarantine" data-testid="quarantine">
        <div className="panel-head">
          <h2>Quarantined records</h2>
          <span className="muted">{formatCount(quarantine.total)} — records that could not be parsed or validated, kept as received</span>
        </div>
        {quarantine.rows.length === 0 ? (
          <div className="empty">Nothing was quarantined.</div>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <colgroup>
                <col style={{ width: 80 }} />
                <col style={{ width: 70 }} />
                <col style={{ width: "28%" }} />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Index
                  </th>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Reason</th>
                  <th scope="col">Raw record</th>
                </tr>
              </thead>
              <tbody>
                {quarantine.rows.map((q) => (
                  <tr key={q.id} style={{ verticalAlign: "top" }}>
                    <td className="num mono" style={{ verticalAlign: "top" }}>
                      {q.recordIndex}
                    </td>
                    <td className="num mono" style={{ verticalAlign: "top" }}>
                      {q.line ?? "—"}
                    </td>
                    <td className="wrap" style={{ verticalAlign: "top" }}>
                      {q.reason}
                      <div className="faint">{formatBytes(q.rawBytes)}</div>
                    </td>
                    <td className="wrap" style={{ verticalAlign: "top" }}>
                      <RawText text={q.rawText} fullLength={q.rawLength} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PagerLinks
          total={quarantine.total}
          offset={quarantine.offset}
          limit={quarantine.limit}
          href={(o) => href({ qoffset: o }, "quarantine")}
        />
      </section>

      <section className="panel" id="skipped">
        <div className="panel-head">
          <h2>Skipped records</h2>
          <span className="muted">{formatCount(skipped.total)} — recognised and deliberately not ingested</span>
        </div>
        {skipped.rows.length === 0 ? (
          <div className="empty">Nothing was skipped.</div>
        ) : (
          <RecordReasonsTable rows={skipped.rows.map((s) => ({ key: s.id, index: s.recordIndex, line: s.line, reason: s.reason }))} />
        )}
        <PagerLinks total={skipped.total} offset={skipped.offset} limit={skipped.limit} href={(o) => href({ soffset: o }, "skipped")} />
      </section>

      <section className="panel" id="conflicts">
        <div className="panel-head">
          <h2>Conflicts</h2>
          <span className="muted">
            {formatCount(conflicts.total)} — same eventID already stored with different content (the first copy is kept)
          </span>
        </div>
        {conflicts.rows.length === 0 ? (
          <div className="empty">No conflicts.</div>
        ) : (
          <table className="data">
            <colgroup>
              <col style={{ width: 80 }} />
              <col style={{ width: "30%" }} />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Index
                </th>
                <th scope="col">Event</th>
                <th scope="col">This copy</th>
              </tr>
            </thead>
            <tbody>
              {conflicts.rows.map((c) => (
                <tr key={c.id}>
                  <td className="num mono" style={{ verticalAlign: "top" }}>
                    {c.recordIndex}
                  </td>
                  <td className="wrap mono" style={{ verticalAlign: "top" }}>
                    <Link href={`/events?event=${encodeURIComponent(c.eventId)}`}>{c.eventId}</Link>
                    <div className="faint">
                      stored {c.existingHash.slice(0, 12)}… · this {c.newHash.slice(0, 12)}…
                    </div>
                  </td>
                  <td className="wrap" style={{ verticalAlign: "top" }}>
                    <RawText text={c.rawText} fullLength={c.rawLength} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <PagerLinks
          total={conflicts.total}
          offset={conflicts.offset}
          limit={conflicts.limit}
          href={(o) => href({ coffset: o }, "conflicts")}
        />
      </section>
    </>
  );
}
