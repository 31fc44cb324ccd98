import { approvalNote } from "@/lib/agent-logs/approval-notes";
import { sessionProvenance } from "@/lib/agent-logs/queries";
import { getStore } from "@/lib/db";

/**
 * What the session's log can and cannot tell: times estimated by the ingest (headless output carries none), the CI
 * run it ran in, and why some approvals are unknown. Renders nothing when there is nothing to say.
 */
export async function SessionProvenance({ sessionId }: { sessionId: string }) {
  const p = await sessionProvenance(await getStore(), sessionId);
  if (!p || (!p.timesApproximate && !p.ci && p.unknownApprovals === 0)) return null;
  const runUrl =
    p.ci?.provider === "github-actions" && p.ci.repository && p.ci.runId
      ? `https://github.com/${p.ci.repository}/actions/runs/${encodeURIComponent(p.ci.runId)}`
      : null;
  return (
    <section className="panel" data-testid="session-provenance">
      <div className="panel-head">
        <h2>What this log can tell</h2>
      </div>
      <dl className="kv">
        {p.timesApproximate ? (
          <>
            <dt>Times</dt>
            <dd data-testid="times-approximate">
              <b>approximate</b> — {p.timesApproximate}.{" "}
              <span className="muted">Links to CloudTrail use a ±10 min window and one confidence level less.</span>
            </dd>
          </>
        ) : null}
        {p.ci ? (
          <>
            <dt>CI run</dt>
            <dd className="mono" data-testid="ci-context">
              {p.ci.provider}
              {p.ci.repository ? ` · ${p.ci.repository}` : ""}
              {p.ci.workflow ? ` · ${p.ci.workflow}` : ""}
              {p.ci.runId ? (
                <>
                  {" · run "}
                  {runUrl ? (
                    <a href={runUrl} rel="noreferrer">
                      {p.ci.runId}
                    </a>
                  ) : (
                    p.ci.runId
                  )}
                </>
              ) : null}
              {p.ci.actor ? ` · by ${p.ci.actor}` : ""}
            </dd>
          </>
        ) : null}
        {p.unknownApprovals > 0 ? (
          <>
            <dt>Approvals</dt>
            <dd data-testid="approvals-unknown">
              <b>
                {p.unknownApprovals} of {p.toolCalls} tool call{p.toolCalls === 1 ? "" : "s"}
              </b>{" "}
              without a recorded approval. <span className="muted">{approvalNote(p.kind)}</span>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
