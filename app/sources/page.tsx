import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { PagerLinks } from "@/components/pager-links";
import { StatusBadge } from "@/components/sources/status-badge";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { formatBytes, formatCount, formatDuration, formatUtc } from "@/lib/format";
import { OffsetParam } from "@/lib/http/search-params";
import { groupSources } from "@/lib/sources/grouping";
import { listSources } from "@/lib/sources/queries";

export const metadata: Metadata = { title: "Sources" };

const PAGE = 100;
const Params = z.object({ offset: OffsetParam });

function Count({ n, tone }: { n: number; tone?: "bad" | "warn" }) {
  if (n === 0) return <span className="faint">0</span>;
  return <span className={tone === "bad" ? "count-bad" : tone === "warn" ? "count-warn" : undefined}>{formatCount(n)}</span>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export default async function SourcesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("data:read");
  const { offset } = Params.parse(await searchParams);
  const { rows, total } = await listSources(await getStore(), { limit: PAGE, offset });
  const runs = groupSources(rows);

  return (
    <>
      <div className="page-header">
        <h1>Sources</h1>
        <span className="sub">
          Every ingested file, newest first, grouped by ingest run and folder, with what was kept, dropped and why.
        </span>
        <span className="actions">
          <Link href="/upload" className="btn primary">
            Upload files
          </Link>
        </span>
      </div>
      {rows.length === 0 ? (
        <section className="panel">
          <div className="empty">
            Nothing ingested yet. <Link href="/upload">Upload CloudTrail or agent logs</Link>, or use the CLI.
          </div>
        </section>
      ) : null}
      {runs.map((run) => (
        <section key={run.key} className="panel" aria-label={`Ingest run of ${formatUtc(run.startedAt, false)}`} data-testid="source-run">
          <div className="panel-head">
            <h2>
              Run {formatUtc(run.startedAt, false)} UTC · via {run.via}
            </h2>
            <span className="muted">
              {plural(run.files, "file")} · {plural(run.read, "record")} read
              {run.quarantined ? ` · ${plural(run.quarantined, "record")} quarantined` : ""}
              {run.problems ? ` · ${plural(run.problems, "file")} need attention` : " · all done"}
            </span>
            {run.root ? (
              <span className="mono faint" title="the run's common folder">
                {run.root}/
              </span>
            ) : null}
          </div>
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
                </tr>
              </thead>
              {run.prefixes.map((g) => (
                <tbody key={g.prefix}>
                  {run.prefixes.length > 1 || g.prefix ? (
                    <tr className="group-row">
                      <th scope="rowgroup" colSpan={12}>
                        {g.prefix ? `${g.prefix}/` : "./"}
                        {g.files[0]?.name.head ? <span className="name-head">{g.files[0].name.head}…</span> : null}{" "}
                        <span className="faint">({plural(g.files.length, "file")})</span>
                      </th>
                    </tr>
                  ) : null}
                  {g.files.map((s) => (
                    <tr key={s.id}>
                      <td className="file-cell">
                        <Link href={`/sources/${s.id}`} title={s.path ?? s.fileName}>
                          {s.name.head ? <span className="name-head">…</span> : null}
                          <span className="name-distinct">{s.name.distinct}</span>
                          <span className="name-tail">{s.name.tail}</span>
                        </Link>
                      </td>
                      <td>
                        {s.kind}
                        {s.format ? <span className="mono faint"> · {s.format}</span> : null}
                      </td>
                      <td>
                        <StatusBadge status={s.effective} />
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
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </section>
      ))}
      <section className="panel">
        <PagerLinks total={total} offset={offset} limit={PAGE} href={(o) => (o ? `/sources?offset=${o}` : "/sources")} />
      </section>
    </>
  );
}
