"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/annotations/api";
import type { EventFact } from "@/lib/postmortems/draft";
import styles from "./postmortem.module.css";
import { SafeMarkdown } from "./safe-markdown";

type Conflict = { currentRevision: number; current: { title: string; body: string }; theirChanges: string; yourChanges: string };

function DiffText({ text }: { text: string }) {
  return (
    <pre className={styles.diff}>
      {text
        .split("\n")
        .map((l, n) => ({ l, n }))
        .map(({ l, n }) => (
          <div
            key={n}
            className={
              l.startsWith("+") && !l.startsWith("+++")
                ? styles.added
                : l.startsWith("-") && !l.startsWith("---")
                  ? styles.removed
                  : undefined
            }
          >
            {l || " "}
          </div>
        ))}
    </pre>
  );
}

/**
 * Markdown editing with preview. A save names the revision it started from; when someone saved in between, the
 * server answers 409 with both diffs: the editor keeps your text and shows theirs to merge (never an overwrite).
 */
export function PostMortemEditor(p: {
  incidentId: string;
  revision: number;
  title: string;
  body: string;
  facts: Record<string, EventFact>;
  readOnly: boolean;
}) {
  const router = useRouter();
  const [base, setBase] = useState(p.revision);
  const [title, setTitle] = useState(p.title);
  const [body, setBody] = useState(p.body);
  const [tab, setTab] = useState<"edit" | "preview">("edit");
  const [status, setStatus] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = title !== p.title || body !== p.body || base !== p.revision;

  async function save() {
    setBusy(true);
    setStatus(null);
    const r = await callApi<{ revision: number }>("PUT", `/api/incidents/${p.incidentId}/postmortem`, { baseRevision: base, title, body });
    setBusy(false);
    if (r.ok) {
      setConflict(null);
      setBase(r.data.revision);
      setStatus(`Saved as revision ${r.data.revision}.`);
      router.refresh();
    } else if (r.status === 409 && r.details) {
      setConflict(r.details as Conflict);
      setStatus(r.message);
    } else setStatus(r.message);
  }

  function takeTheirs() {
    if (!conflict) return;
    // rebase on their revision; your text stays in the conflict panel to copy from
    setBase(conflict.currentRevision);
    setTitle(conflict.current.title);
    setBody(conflict.current.body);
  }

  if (p.readOnly) return null;
  return (
    <section className="panel no-print" aria-label="Edit the post-mortem" data-testid="postmortem-editor">
      <div className="panel-head">
        <h2>Edit</h2>
        <span className="muted">editing from revision {base}</span>
        <span style={{ marginLeft: "auto", display: "flex", gap: 6 }}>
          <button type="button" className="btn" aria-pressed={tab === "edit"} onClick={() => setTab("edit")}>
            Markdown
          </button>
          <button
            type="button"
            className="btn"
            aria-pressed={tab === "preview"}
            onClick={() => setTab("preview")}
            data-testid="postmortem-preview-tab"
          >
            Preview
          </button>
          <button type="button" className="btn primary" disabled={busy || !dirty} onClick={save} data-testid="postmortem-save">
            Save
          </button>
        </span>
      </div>
      <div className="panel-body">
        {status ? (
          <div className={conflict ? "notice error" : "notice"} role="status" data-testid="postmortem-save-status">
            {status}
          </div>
        ) : null}
        {conflict ? (
          <div className={styles.stack} data-testid="postmortem-conflict">
            <div>
              <b>Their changes</b> (revision {conflict.currentRevision})
            </div>
            <DiffText text={conflict.theirChanges} />
            <div>
              <b>Your changes</b>
            </div>
            <DiffText text={conflict.yourChanges} />
            <div className={styles.row}>
              <button type="button" className="btn" onClick={takeTheirs} data-testid="postmortem-take-theirs">
                Load their revision into the editor (then re-apply your changes shown above)
              </button>
            </div>
          </div>
        ) : null}
        <input
          className={`input ${styles.titleInput}`}
          aria-label="Title"
          value={title}
          maxLength={300}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="postmortem-title-input"
        />
        {tab === "edit" ? (
          <textarea
            className={styles.editor}
            aria-label="Post-mortem (Markdown)"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            data-testid="postmortem-body-input"
          />
        ) : (
          <SafeMarkdown source={body} facts={p.facts} anchorPrefix="preview-" />
        )}
        <p className="faint">
          Markdown (GitHub-flavoured). Cite evidence as <span className="mono">[label](evidence:event/&lt;CloudTrail eventID&gt;)</span>: it
          renders as a live block linking to the event.
        </p>
      </div>
    </section>
  );
}
