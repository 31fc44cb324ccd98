import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionItemForm } from "@/components/postmortems/action-item-form";
import { ActionItemsTable } from "@/components/postmortems/action-items-table";
import { AnnotationsAppendix } from "@/components/postmortems/annotations-appendix";
import { PostMortemEditor } from "@/components/postmortems/editor";
import { OpenPostMortem } from "@/components/postmortems/open-postmortem";
import styles from "@/components/postmortems/postmortem.module.css";
import { ReviewPanel } from "@/components/postmortems/review-panel";
import { RevisionsPanel } from "@/components/postmortems/revisions-panel";
import { SafeMarkdown } from "@/components/postmortems/safe-markdown";
import { TimelineTable } from "@/components/postmortems/timeline-table";
import { AnsweringSafeguards } from "@/components/safeguards/answering-safeguards";
import { isUuid } from "@/lib/annotations/model";
import { actorCan } from "@/lib/auth/actor";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { loadExportBundle } from "@/lib/postmortems/export-queries";
import { revisionChanges } from "@/lib/postmortems/model";
import { citedFacts, getPostMortem, getRevision } from "@/lib/postmortems/queries";

export const metadata: Metadata = { title: "Post-mortem" };

/**
 * The post-mortem of one incident (stable URL /postmortems/<incidentId>; sections have anchors). `?rev=N` shows a
 * revision, `?diff=A..B` the changes between two. Printing the page (or Chromium's page.pdf()) gives the document only.
 */
export default async function PostMortemPage({
  params,
  searchParams,
}: {
  params: Promise<{ incidentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser("data:read");
  const canWrite = actorCan(user, "postmortems:write");
  const { incidentId } = await params;
  if (!isUuid(incidentId)) notFound();
  const sp = await searchParams;
  const one = (x: string | string[] | undefined) => (Array.isArray(x) ? x[0] : x);
  const store = await getStore();
  const bundle = await loadExportBundle(store, incidentId);
  if (!bundle) notFound();
  const pm = await getPostMortem(store, incidentId);
  const inc = bundle.incident;
  if (!pm) {
    return (
      <>
        <div className="page-header">
          <h1>Post-mortem</h1>
          <span className="sub">{inc.title}</span>
        </div>
        {canWrite ? (
          <OpenPostMortem incidentId={incidentId} />
        ) : (
          <div className="empty">No post-mortem has been written for this incident yet.</div>
        )}
      </>
    );
  }
  const revNo = Number(one(sp.rev));
  const shown = Number.isInteger(revNo) && revNo > 0 && revNo !== pm.revision ? await getRevision(store, incidentId, revNo) : null;
  const diffParam = /^(\d+)\.\.(\d+)$/.exec(one(sp.diff) ?? "");
  const diff = diffParam
    ? await Promise.all([getRevision(store, incidentId, Number(diffParam[1])), getRevision(store, incidentId, Number(diffParam[2]))])
    : null;
  const body = shown?.body ?? pm.body;
  const facts = Object.fromEntries(await citedFacts(store, body));

  return (
    <>
      <div className="page-header">
        <h1 data-testid="postmortem-title">{shown?.title ?? pm.title}</h1>
        <span className="badge">{pm.statusLabel}</span>
        <span className="actions no-print">
          <Link href={`/incidents/${incidentId}`} className="btn">
            Incident
          </Link>
          <a href={`/api/incidents/${incidentId}/postmortem.md`} className="btn" data-testid="export-md">
            Markdown
          </a>
          <a href={`/api/incidents/${incidentId}/postmortem.json`} className="btn">
            JSON
          </a>
        </span>
      </div>
      <div className="sub muted" style={{ marginBottom: 10 }}>
        Incident <Link href={`/incidents/${incidentId}`}>{inc.title}</Link> · revision{" "}
        {shown ? `${shown.number} of ${pm.revision}` : pm.revision} · author {pm.author.label}
        {pm.reviewers.length ? ` · reviewers ${pm.reviewers.map((r) => r.reviewer).join(", ")}` : ""}
        {pm.approvedBy ? ` · approved by ${pm.approvedBy}` : ""}
      </div>
      {!inc.reproduced ? (
        <div className="notice" role="note">
          This incident is no longer reproduced by the reconstruction: {inc.notReproducedReason}
        </div>
      ) : null}
      {shown ? (
        <div className="notice no-print">
          Viewing revision {shown.number} by {shown.author} ({shown.createdAt.slice(0, 16).replace("T", " ")}).{" "}
          <Link href={`/postmortems/${incidentId}`}>Back to the current text</Link>
        </div>
      ) : null}
      {diff?.[0] && diff[1] ? (
        <section className="panel no-print" id="diff" aria-label="Diff">
          <div className="panel-head">
            <h2>
              Revision {diff[0].number} → {diff[1].number}
            </h2>
          </div>
          <pre className={`panel-body ${styles.diff}`} data-testid="revision-diff">
            {revisionChanges(`# ${diff[0].title}\n\n${diff[0].body}`, `# ${diff[1].title}\n\n${diff[1].body}`).map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: diff chunks are positional
              <span key={i} className={c.added ? styles.added : c.removed ? styles.removed : undefined}>
                {c.value}
              </span>
            ))}
          </pre>
        </section>
      ) : null}
      <div className={styles.layout}>
        <div>
          <article className="panel" aria-label="Post-mortem document" data-testid="postmortem-document">
            <div className="panel-body">
              <SafeMarkdown source={body} facts={facts} />
            </div>
          </article>
          <section className="panel" aria-label="Timeline" id="timeline">
            <div className="panel-head">
              <h2>Timeline</h2>
            </div>
            <TimelineTable rows={bundle.timeline} events={bundle.events} />
          </section>
          <section className="panel" aria-label="Action items" id="action-items">
            <div className="panel-head">
              <h2>Action items</h2>
            </div>
            <ActionItemsTable items={pm.actionItems} />
            {canWrite ? <ActionItemForm incidentId={incidentId} /> : null}
          </section>
          <AnsweringSafeguards incidentId={incidentId} />
          <AnnotationsAppendix annotations={bundle.annotations} events={bundle.events} />
          <PostMortemEditor
            key={pm.revision}
            incidentId={incidentId}
            revision={pm.revision}
            title={pm.title}
            body={pm.body}
            facts={facts}
            readOnly={pm.status === "published" || !canWrite}
          />
        </div>
        <div>
          {actorCan(user, "annotations:write") ? <ReviewPanel pm={pm} /> : null}
          <RevisionsPanel pm={pm} />
        </div>
      </div>
    </>
  );
}
