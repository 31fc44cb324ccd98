"use client";

import { useState } from "react";
import { SafeMarkdown } from "@/components/postmortems/safe-markdown";
import { type AnnotationView, MARKER_LABEL } from "@/lib/annotations/model";
import styles from "./annotations.module.css";

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")}`;

/** One annotation with edit/delete (the server allows its author only) and, for comments, reply. */
export function AnnotationItem(p: {
  a: AnnotationView;
  anchorLabel: string | null;
  onEdit: (id: string, body: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  onReply?: (parentId: string, body: string) => Promise<void>;
}) {
  const { a } = p;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(a.body);
  const [reply, setReply] = useState("");
  const head =
    a.kind === "marker" && a.marker ? (
      <span className={styles.marker}>{MARKER_LABEL[a.marker]}</span>
    ) : a.kind === "star" ? (
      <span className={styles.star}>★ key event</span>
    ) : a.kind === "tag" ? (
      <span className={styles.tag}>#{a.tag}</span>
    ) : (
      <b>{a.kind === "note" ? "Note" : "Comment"}</b>
    );
  return (
    <div id={`annotation-${a.id}`} data-testid="annotation" data-kind={a.kind}>
      <div className={styles.row}>
        {head}
        {p.anchorLabel ? <span className="muted">{p.anchorLabel}</span> : null}
        <span className="faint">
          {a.author.label} · {when(a.createdAt)}
        </span>
        <a href={`#annotation-${a.id}`} className="faint" aria-label="Link to this annotation">
          #
        </a>
        <span style={{ marginLeft: "auto" }} className={styles.row}>
          {a.kind !== "star" && a.kind !== "tag" ? (
            <button type="button" className="linklike" onClick={() => setEditing(!editing)}>
              edit
            </button>
          ) : null}
          <button type="button" className="linklike" onClick={() => p.onDelete(a.id)}>
            delete
          </button>
        </span>
      </div>
      {editing ? (
        <form
          className={styles.form}
          onSubmit={async (e) => {
            e.preventDefault();
            await p.onEdit(a.id, text);
            setEditing(false);
          }}
        >
          <textarea className="input" rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-label="Edit" />
          <button type="submit" className="btn">
            Save
          </button>
        </form>
      ) : a.body && a.kind !== "tag" ? (
        <SafeMarkdown source={a.body} />
      ) : null}
      {p.onReply ? (
        <form
          className={styles.row}
          onSubmit={async (e) => {
            e.preventDefault();
            if (!reply.trim()) return;
            await p.onReply?.(a.id, reply);
            setReply("");
          }}
        >
          <input
            className="input"
            placeholder="Reply…"
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            aria-label="Reply"
            style={{ flex: 1 }}
          />
          <button type="submit" className="btn">
            Reply
          </button>
        </form>
      ) : null}
    </div>
  );
}
