import type { Metadata } from "next";
import Link from "next/link";
import { SafeguardStatusBadge } from "@/components/safeguards/status-badge";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { formatUtc } from "@/lib/format";
import { listSafeguardsView } from "@/lib/safeguards/queries";

export const metadata: Metadata = { title: "Safeguards" };
export const dynamic = "force-dynamic";

export default async function SafeguardsPage() {
  await requireUser("data:read");
  const store = await getStore();
  const now = Date.now();
  const rows = await listSafeguardsView(store, now);
  return (
    <>
      <div className="page-header">
        <h1>Safeguards</h1>
        <span className="sub">Remediations as code, proven from the evidence: where each is in force, since when, and what breaks it.</span>
      </div>
      <section className="panel" aria-label="Safeguard list">
        <div className="panel-head">
          <h2>
            <span data-testid="safeguards-total">{rows.length}</span> {rows.length === 1 ? "safeguard" : "safeguards"}
          </h2>
          <span className="faint" style={{ marginLeft: "auto" }}>
            Verified again after every ingest. <span className="mono">npx aftermath safeguards apply &lt;file&gt;</span>
          </span>
        </div>
        {rows.length === 0 ? (
          <div className="empty">
            No safeguards yet. Write them in a file kept in your repository and run{" "}
            <span className="mono">npx aftermath safeguards apply safeguards.yaml</span> (see the README).
          </div>
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="safeguards-table" style={{ minWidth: 760 }}>
              <colgroup>
                <col style={{ width: 120 }} />
                <col />
                <col style={{ width: 170 }} />
                <col style={{ width: 110 }} />
                <col style={{ width: 90 }} />
                <col style={{ width: 90 }} />
                <col style={{ width: 150 }} />
              </colgroup>
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Safeguard</th>
                  <th>Kind</th>
                  <th className="num">Coverage</th>
                  <th className="num">Viol. 7 d</th>
                  <th className="num">Viol. 30 d</th>
                  <th>Verified (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.key} data-testid="safeguard-row" data-key={s.key}>
                    <td>
                      <SafeguardStatusBadge status={s.status} />
                    </td>
                    <td title={s.title}>
                      <Link href={`/safeguards/${encodeURIComponent(s.key)}`} data-testid="safeguard-link">
                        {s.title}
                      </Link>{" "}
                      <span className="mono faint">{s.key}</span>
                    </td>
                    <td>{s.kind}</td>
                    <td
                      className="num"
                      title={`${s.targets.filter((t) => t.status === "verified").length} of ${s.targets.length} targets verified`}
                    >
                      {s.coverage}% <span className="faint">of {s.targets.length}</span>
                    </td>
                    <td className="num">
                      <span className={s.violations7d ? "error-code" : "faint"}>{s.violations7d}</span>
                    </td>
                    <td className="num">
                      <span className={s.violations30d ? "error-code" : "faint"}>{s.violations30d}</span>
                    </td>
                    <td className="mono">{s.evaluatedAt ? formatUtc(s.evaluatedAt, false).slice(0, 16) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
