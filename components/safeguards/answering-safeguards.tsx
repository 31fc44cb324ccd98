import Link from "next/link";
import { getStore } from "@/lib/db";
import { safeguardsAnswering } from "@/lib/safeguards/queries";
import type { TargetStatus } from "@/lib/safeguards/types";
import { coveragePercent } from "@/lib/safeguards/verify";
import { SafeguardStatusBadge } from "./status-badge";

/** The safeguards that answer an incident (listed by its id or trigger eventID), with their status. Server component. */
export async function AnsweringSafeguards({ incidentId }: { incidentId: string }) {
  const store = await getStore();
  const rows = await safeguardsAnswering(store, incidentId);
  return (
    <section className="panel" aria-label="Safeguards answering this incident" data-testid="answering-safeguards">
      <div className="panel-head">
        <h2>Safeguards answering this incident</h2>
        <Link href="/safeguards" style={{ marginLeft: "auto" }}>
          All safeguards
        </Link>
      </div>
      {rows.length === 0 ? (
        <div className="empty">
          None yet. Track the remediation as code: <span className="mono">npx aftermath safeguards apply safeguards.yaml</span>
        </div>
      ) : (
        <ul style={{ listStyle: "none", margin: 0, padding: "4px 12px" }}>
          {rows.map((s) => (
            <li key={s.key} style={{ padding: "4px 0", display: "flex", gap: 8, flexWrap: "wrap", alignItems: "baseline" }}>
              <SafeguardStatusBadge status={s.status as TargetStatus} />
              <Link href={`/safeguards/${encodeURIComponent(s.key)}`} data-testid="answering-safeguard-link">
                {s.title}
              </Link>
              <span className="faint">
                {s.kind} · {coveragePercent(s.targets.map((t) => t.status as TargetStatus))}% of {s.targets.length} target(s) verified
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
