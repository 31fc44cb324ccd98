"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/annotations/api";
import type { PostMortemView } from "@/lib/postmortems/views";
import styles from "./postmortem.module.css";

/** Review workflow: request review from named reviewers, comment / approve / request changes, publish. */
export function ReviewPanel({ pm }: { pm: PostMortemView }) {
  const router = useRouter();
  const [reviewers, setReviewers] = useState("");
  const [decision, setDecision] = useState<"comment" | "approved" | "changes_requested">("comment");
  const [body, setBody] = useState("");
  const [msg, setMsg] = useState<string | null>(null);
  const base = `/api/incidents/${pm.incidentId}/postmortem`;

  async function run(p: Promise<{ ok: boolean; message?: string }>, done: string) {
    const r = await p;
    setMsg(r.ok ? done : (r.message ?? "failed"));
    if (r.ok) router.refresh();
  }

  return (
    <section className="panel no-print" aria-label="Review" data-testid="review-panel">
      <div className="panel-head">
        <h2>Review</h2>
        <span className="badge" data-testid="postmortem-status">
          {pm.statusLabel}
        </span>
      </div>
      <div className={`panel-body ${styles.stack}`}>
        {msg ? (
          <div className="notice" role="status" data-testid="review-status">
            {msg}
          </div>
        ) : null}
        <div>
          <b>Reviewers</b>{" "}
          {pm.reviewers.length ? (
            pm.reviewers.map((r) => (
              <span key={r.reviewer} className="chip">
                {r.reviewer}
                {r.decision ? ` · ${r.decision.replace("_", " ")}` : " · pending"}
              </span>
            ))
          ) : (
            <span className="muted">none yet</span>
          )}
        </div>
        {pm.status !== "published" ? (
          <form
            className={styles.row}
            onSubmit={(e) => {
              e.preventDefault();
              run(
                callApi("POST", `${base}/review-request`, { reviewers: reviewers.split(/[\s,;]+/).filter(Boolean) }),
                "Review requested.",
              );
            }}
          >
            <label className="field">
              <span>Request review from (emails)</span>
              <input className="input" value={reviewers} onChange={(e) => setReviewers(e.target.value)} data-testid="reviewers-input" />
            </label>
            <button type="submit" className="btn" disabled={!reviewers.trim()} data-testid="request-review">
              Request review
            </button>
          </form>
        ) : null}
        <form
          className={styles.stack}
          onSubmit={(e) => {
            e.preventDefault();
            run(callApi("POST", `${base}/reviews`, { decision, body }), decision === "approved" ? "Approved." : "Review sent.");
            setBody("");
          }}
        >
          <textarea
            className="input"
            rows={3}
            placeholder="Review comment (Markdown)"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            data-testid="review-body"
          />
          <div className={styles.row}>
            <select
              className="select"
              value={decision}
              onChange={(e) => setDecision(e.target.value as typeof decision)}
              aria-label="Decision"
              data-testid="review-decision"
            >
              <option value="comment">Comment</option>
              <option value="approved">Approve</option>
              <option value="changes_requested">Request changes</option>
            </select>
            <button type="submit" className="btn" data-testid="review-submit">
              Send review
            </button>
            {pm.status === "approved" ? (
              <button
                type="button"
                className="btn primary"
                onClick={() => run(callApi("POST", `${base}/publish`), "Published.")}
                data-testid="publish"
              >
                Publish
              </button>
            ) : null}
          </div>
        </form>
        {pm.reviews.length ? (
          <ul className={styles.list} data-testid="reviews">
            {pm.reviews.map((r) => (
              <li key={r.id}>
                <b>{r.author}</b> <span className="muted">{r.decision.replace("_", " ")}</span>{" "}
                <span className="faint">{r.createdAt.slice(0, 16).replace("T", " ")}</span>
                {r.body ? <div>{r.body}</div> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
