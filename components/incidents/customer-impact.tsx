import { OpenEvent } from "@/components/sessions/open-event";
import { formatDuration, formatUtc } from "@/lib/format";
import { type CustomerImpact, impactHeadline } from "@/lib/incidents/impact";
import styles from "./impact.module.css";
import { ImpactChart } from "./impact-chart";

const pct = (r: number) => `${(r * 100).toFixed(r > 0 && r < 0.01 ? 2 : 1)} %`;

/**
 * Customer impact, measured: failed customer-facing calls on the affected resources over the incident (by error code
 * and by caller, error rate per bar next to the normal rate before the trigger), and the failed recovery attempts
 * that explain a long outage.
 */
export function CustomerImpactPanel({ impact }: { impact: CustomerImpact & { capped: boolean } }) {
  const i = impact;
  return (
    <section className="panel" aria-label="Customer impact" data-testid="customer-impact">
      <div className="panel-head">
        <h2>Customer impact</h2>
        <span className="muted" title="Calls on the destroyed resources by workloads (not people, not agents, not CloudFormation)">
          calls on the affected resources by the application&apos;s own callers
        </span>
      </div>
      <div className={styles.grid}>
        <div className={styles.headline}>
          <div className={styles.big} data-testid="impact-number">
            {impactHeadline(i)}
          </div>
          <div className="muted">
            {i.failed.toLocaleString("en-US")} of {i.calls.toLocaleString("en-US")} calls failed ({pct(i.errorRate)}) from{" "}
            {formatUtc(i.from, false)} to {formatUtc(i.to, false)} UTC ({formatDuration(i.to - i.from)}); before the trigger:{" "}
            {pct(i.baseline.errorRate)} of {i.baseline.calls.toLocaleString("en-US")} calls in the{" "}
            {formatDuration(i.baseline.to - i.baseline.from)} before
            {i.capped ? " (first 200,000 calls read)" : ""}.
          </div>
          <div className={styles.tables}>
            <table className="data auto">
              <caption className="sr-only">Failed calls by error code</caption>
              <thead>
                <tr>
                  <th scope="col">Error code</th>
                  <th scope="col" className="num">
                    Failed
                  </th>
                </tr>
              </thead>
              <tbody>
                {i.byCode.slice(0, 6).map((c) => (
                  <tr key={c.code}>
                    <td className="error-code">{c.code}</td>
                    <td className="num">{c.count.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="data auto">
              <caption className="sr-only">Failed calls by caller</caption>
              <thead>
                <tr>
                  <th scope="col">Caller</th>
                  <th scope="col" className="num">
                    Failed
                  </th>
                </tr>
              </thead>
              <tbody>
                {i.byCaller.slice(0, 6).map((c) => (
                  <tr key={c.caller}>
                    <td className="wrap">{c.caller}</td>
                    <td className="num">{c.count.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <div>
          <ImpactChart series={i.series} baselinePct={i.baseline.errorRate * 100} />
          <div className="legend">
            <span>
              <i className="sw-destructive" />
              failed calls per bar
            </span>
            <span>
              <i className="sw-accent sw-line" />
              error rate
            </span>
            <span>- - - normal error rate before the trigger ({pct(i.baseline.errorRate)})</span>
          </div>
        </div>
      </div>
      {i.recoveryAttempts.length ? (
        <div className={styles.recovery} data-testid="recovery-attempts">
          <h3>Why recovery took {formatDuration(i.to - i.from)}: failed recovery attempts, in order</h3>
          <ol>
            {i.recoveryAttempts.map((a) => (
              <li key={a.eventId}>
                <span className="mono">{formatUtc(a.at, false)}</span>{" "}
                <OpenEvent eventId={a.eventId}>
                  <b>{a.eventName}</b>
                </OpenEvent>{" "}
                by {a.caller}: <span className="error-code">{a.errorCode}</span>
                {a.errorMessage ? <span className="muted"> — {a.errorMessage}</span> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
