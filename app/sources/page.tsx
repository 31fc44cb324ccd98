import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { PagerLinks } from "@/components/pager-links";
import { StatusBadge } from "@/components/sources/status-badge";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { formatBytes, formatCount, formatDuration, formatUtc } from "@/lib/format";
import { OffsetParam } from "@/lib/http/search-params";
import { listSources } from "@/lib/sources/queries";

export const metadata: Metadata = { title: "Sources" };

const PAGE = 100;
const Params = z.object({ offset: OffsetParam });

function Count({ n, tone }: { n: number; tone?: "bad" | "warn" }) {
  if (n === 0) return <span className="faint">0</span>;
  return (
    <span
      style={
        tone === "bad"
          ? { color: "var(--risk-destructive)", fontWeight: 600 }
          : tone === "warn"
            ? { color: "var(--risk-write)" }
            : undefined
      }
    >
      {formatCount(n)}
    </span>
  );
}

export default async function SourcesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("data:read");
  const { offset } = Params.parse(await searchParams);
  const { rows, total } = await listSources(await getStore(), { limit: PAGE, offset });

  return (
    <>
      <div className="page-header">
        <h1>Sources</h1>
        <span className="sub">Every ingested file, newest first, with what was kept, dropped and why.</span>
        <span className="actions">
          <Link href="/upload" className="btn primary">
            Upload files
          </Link>
        </span>
      </div>
      <section className="panel">
        {rows.length === 0 ? (
          <div className="empty">
            Nothing ingested yet. <Link href="/upload">Upload CloudTrail or agent logs</Link>, or use the CLI.
          </div>
        ) : (
          <div className="table-wrap">
            <table className="data auto" data-testid="sources-table">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Kind · format</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Read
                  </th>
                  <th scope="col" className="num">
                    Ingested
                  </th>
                  <th scope="col" className="num">
                    Duplicates
                  </th>
                  <th scope="col" className="num">
                    Quarantined
                  </th>
                  <th scope="col" className="num">
                    Skipped
                  </th>
                  <th scope="col" className="num">
                    Conflicts
                  </th>
                  <th scope="col" className="num">
                    Redactions
                  </th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">Via</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.id}>
                    <td style={{ maxWidth: 300 }}>
                      <Link href={`/sources/${s.id}`} title={s.fileName}>
                        {s.fileName}
                      </Link>
                    </td>
                    <td>
                      {s.kind}
                      {s.format ? <span className="mono faint"> · {s.format}</span> : null}
                    </td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                    <td className="num">{formatCount(s.read)}</td>
                    <td className="num">{formatCount(s.ingested)}</td>
                    <td className="num">
                      <Count n={s.duplicates} />
                    </td>
                    <td className="num">
                      <Count n={s.quarantined} tone="bad" />
                    </td>
                    <td className="num">
                      <Count n={s.skipped} />
                    </td>
                    <td className="num">
                      <Count n={s.conflicts} tone="warn" />
                    </td>
                    <td className="num">
                      <Count n={s.redactions} />
                    </td>
                    <td className="num">{formatBytes(s.sizeBytes)}</td>
                    <td className="num">{formatDuration(s.durationMs)}</td>
                    <td className="mono">{formatUtc(s.startedAt, false)}</td>
                    <td>{s.via}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PagerLinks total={total} offset={offset} limit={PAGE} href={(o) => (o ? `/sources?offset=${o}` : "/sources")} />
      </section>
    </>
  );
}
