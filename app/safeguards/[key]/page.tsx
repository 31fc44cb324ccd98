import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EvidenceList } from "@/components/safeguards/evidence-list";
import { ReplayForm } from "@/components/safeguards/replay-form";
import { ReplayResultView } from "@/components/safeguards/replay-result";
import { RolloutChart } from "@/components/safeguards/rollout-chart";
import styles from "@/components/safeguards/safeguards.module.css";
import { SafeguardStatusBadge } from "@/components/safeguards/status-badge";
import { TargetsTable } from "@/components/safeguards/targets-table";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { formatUtc } from "@/lib/format";
import { candidateOf, replayInStore } from "@/lib/safeguards/evaluate";
import { getSafeguardView } from "@/lib/safeguards/queries";

export const metadata: Metadata = { title: "Safeguard" };
export const dynamic = "force-dynamic";

const KEY = /^[a-z0-9][a-z0-9._-]{0,79}$/;

export default async function SafeguardPage({ params }: { params: Promise<{ key: string }> }) {
  await requireUser("data:read");
  const key = decodeURIComponent((await params).key);
  if (!KEY.test(key)) notFound();
  const store = await getStore();
  const v = await getSafeguardView(store, key, Date.now());
  if (!v) notFound();
  const candidate = candidateOf(v);
  const accounts = [...new Set(v.targets.map((t) => t.account))];
  const replay = candidate ? await replayInStore(store, candidate, { accounts }) : null;
  const violations = v.evidence.filter((e) => e.verdict === "violation");
  const held = v.evidence.filter((e) => e.verdict !== "violation");

  return (
    <>
      <div className="page-header">
        <SafeguardStatusBadge status={v.status} />
        <h1 data-testid="safeguard-title">{v.title}</h1>
        <span className="actions">
          <Link href="/safeguards" className="btn">
            All safeguards
          </Link>
        </span>
      </div>
      <div className="sub muted" style={{ marginTop: -6, marginBottom: 10 }}>
        <span className="mono">{v.key}</span> · {v.kind} · {v.coverage}% of {v.targets.length} target(s) verified
        {v.evaluatedAt ? ` · verified ${formatUtc(v.evaluatedAt, false).slice(0, 16)} UTC` : ""}
      </div>

      <div className={styles.grid}>
        <section className="panel" aria-label="Rollout targets">
          <div className="panel-head">
            <h2>Targets</h2>
          </div>
          <TargetsTable rows={v.targets} />
        </section>
        <section className="panel" aria-label="About">
          <div className="panel-head">
            <h2>About</h2>
          </div>
          <dl className={styles.kv}>
            {v.owner ? (
              <>
                <dt>Owner</dt>
                <dd>{v.owner}</dd>
              </>
            ) : null}
            {v.description ? (
              <>
                <dt>Why</dt>
                <dd>{v.description}</dd>
              </>
            ) : null}
            {v.incidents.length ? (
              <>
                <dt>Answers</dt>
                <dd>
                  {v.incidents.map((i) =>
                    i.id ? (
                      <div key={i.ref}>
                        <Link href={`/incidents/${i.id}`}>{i.title ?? i.ref}</Link>
                      </div>
                    ) : (
                      <div key={i.ref} className="mono faint" title="no incident with this id in the store">
                        {i.ref}
                      </div>
                    ),
                  )}
                </dd>
              </>
            ) : null}
            {v.actionItems.length ? (
              <>
                <dt>Action items</dt>
                <dd>
                  {v.actionItems.map((a) => (
                    <div key={a}>{a}</div>
                  ))}
                </dd>
              </>
            ) : null}
            {v.resources.length ? (
              <>
                <dt>Resources</dt>
                <dd className="mono">{v.resources.join(", ")}</dd>
              </>
            ) : null}
            {v.agentRoles.length ? (
              <>
                <dt>Agent roles</dt>
                <dd className="mono">{v.agentRoles.join(", ")}</dd>
              </>
            ) : null}
            <dt>Last change</dt>
            <dd>
              {v.updatedBy} · {formatUtc(v.updatedAt, false).slice(0, 16)}
            </dd>
          </dl>
        </section>
      </div>

      <section className="panel" aria-label="Rollout progress">
        <div className="panel-head">
          <h2>Rollout progress</h2>
        </div>
        <RolloutChart points={v.series} />
      </section>

      <section className="panel" aria-label="Violations">
        <div className="panel-head">
          <h2>
            Violations <span className="faint">({violations.length})</span>
          </h2>
        </div>
        <EvidenceList items={violations} />
      </section>

      <section className="panel" aria-label="Evidence the safeguard held">
        <div className="panel-head">
          <h2>
            Evidence <span className="faint">({held.length})</span>
          </h2>
        </div>
        <EvidenceList items={held} />
      </section>

      {v.policy ? (
        <section className="panel" aria-label="Policy">
          <div className="panel-head">
            <h2>Policy ({v.policyType ?? "scp"})</h2>
          </div>
          <pre className={styles.pre}>{JSON.stringify(v.policy, null, 2)}</pre>
        </section>
      ) : null}
      {v.rules ? (
        <section className="panel" aria-label="Agent rules">
          <div className="panel-head">
            <h2>Agent permission rules</h2>
          </div>
          <pre className={styles.pre}>{JSON.stringify({ permissions: v.rules }, null, 2)}</pre>
        </section>
      ) : null}

      {replay ? (
        <section className="panel" aria-label="Replay of past incidents" data-testid="safeguard-replay">
          <div className="panel-head">
            <h2>Would it have stopped past incidents?</h2>
          </div>
          <ReplayResultView result={replay} />
        </section>
      ) : null}

      <section className="panel" aria-label="Replay a candidate policy">
        <div className="panel-head">
          <h2>Replay a candidate</h2>
          <span className="faint">paste an SCP, permission boundary or Claude Code settings.json</span>
        </div>
        <ReplayForm accounts={accounts} initial={v.policy ? JSON.stringify(v.policy, null, 2) : undefined} />
      </section>
    </>
  );
}
