"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  type AnnotationView,
  anchorKey,
  MARKER_LABEL,
  MarkerKind,
  markerList,
  summarizeByAnchor,
  threadComments,
} from "@/lib/annotations/model";
import type { KeyEvent } from "@/lib/annotations/timeline";
import { AnnotationItem } from "./annotation-item";
import styles from "./annotations.module.css";
import { callApi } from "./api";

type Kind = "comment" | "marker" | "tag" | "note";

/**
 * Annotating an incident's timeline: its key events (select one, then star, mark, tag or comment on it), a side list
 * of markers, stars, notes and comment threads, a filter for marked/starred events, and keyboard shortcuts:
 * j / k next / previous event, s star, c comment, m marker, t tag, n time-anchored note, f toggle the filter.
 */
export function AnnotationsPanel(p: {
  incidentId: string;
  annotations: AnnotationView[];
  events: KeyEvent[];
  tags: string[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const [onlyMarked, setOnlyMarked] = useState(false);
  const [selected, setSelected] = useState(0);
  const [kind, setKind] = useState<Kind>("comment");
  const [marker, setMarker] = useState<MarkerKind>("key_moment");
  const [body, setBody] = useState("");
  const [tag, setTag] = useState("");
  const [at, setAt] = useState("");
  const [msg, setMsg] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const summary = useMemo(() => summarizeByAnchor(p.annotations), [p.annotations]);
  const rows = useMemo(() => {
    const all = p.events.map((e) => ({ e, s: summary.get(`event:${e.eventId}`) }));
    return onlyMarked ? all.filter((r) => r.s && (r.s.starred || r.s.markers.length)) : all;
  }, [p.events, summary, onlyMarked]);
  const current = rows[Math.min(selected, rows.length - 1)]?.e ?? null;
  const eventName = useMemo(() => new Map(p.events.map((e) => [e.eventId, e])), [p.events]);
  const anchorLabel = (a: AnnotationView) =>
    a.eventId
      ? `on ${eventName.get(a.eventId)?.eventName ?? a.eventId}`
      : a.actionKey
        ? `on agent action ${a.actionKey}`
        : a.at
          ? `at ${a.at.slice(0, 16).replace("T", " ")}`
          : null;

  const done = useCallback(
    (r: { ok: boolean; message?: string }, ok: string) => {
      setMsg(r.ok ? ok : (r.message ?? "failed"));
      if (r.ok) router.refresh();
    },
    [router],
  );
  const base = `/api/incidents/${p.incidentId}/annotations`;
  const post = useCallback((payload: Record<string, unknown>) => callApi<AnnotationView>("POST", base, payload), [base]);

  const star = useCallback(async () => {
    if (current) done(await post({ kind: "star", eventId: current.eventId }), `Starred ${current.eventName}.`);
  }, [current, post, done]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const anchor = kind === "note" ? { at } : current ? { eventId: current.eventId } : {};
    const payload =
      kind === "marker"
        ? { kind, marker, body: body || undefined, ...anchor }
        : kind === "tag"
          ? { kind, tag, ...anchor }
          : { kind, body, ...anchor };
    const r = await post(payload);
    done(r, "Saved.");
    if (r.ok) {
      setBody("");
      setTag("");
    }
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)))) return;
      const focus = (k: Kind) => {
        e.preventDefault();
        setKind(k);
        requestAnimationFrame(() => bodyRef.current?.focus());
      };
      if (e.key === "j") setSelected((i) => Math.min(rows.length - 1, i + 1));
      else if (e.key === "k") setSelected((i) => Math.max(0, i - 1));
      else if (e.key === "s" && p.canWrite) star();
      else if (e.key === "c") focus("comment");
      else if (e.key === "m") focus("marker");
      else if (e.key === "t") focus("tag");
      else if (e.key === "n") focus("note");
      else if (e.key === "f") setOnlyMarked((v) => !v);
      else return;
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows.length, star, p.canWrite]);

  useEffect(() => {
    listRef.current?.querySelector('[data-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }, []);

  const side = markerList(p.annotations, (id) => eventName.get(id)?.eventTime ?? null);
  const threads = threadComments(p.annotations);
  const tags = p.annotations.filter((a) => a.kind === "tag" && !a.deleted);
  const edit = async (id: string, text: string) => done(await callApi("PATCH", `${base}/${id}`, { body: text }), "Updated.");
  const del = async (id: string) => done(await callApi("DELETE", `${base}/${id}`), "Deleted.");
  const reply = async (parentId: string, text: string) => done(await post({ kind: "comment", body: text, parentId }), "Replied.");

  return (
    <section className="panel" aria-label="Annotations" id="annotations" data-testid="annotations-panel">
      <div className="panel-head">
        <h2>Annotations</h2>
        <label className="chip">
          <input type="checkbox" checked={onlyMarked} onChange={(e) => setOnlyMarked(e.target.checked)} data-testid="only-marked" />
          Only marked / starred
        </label>
        <details className={styles.keys} style={{ marginLeft: "auto" }}>
          <summary className="muted">Keyboard</summary>
          <kbd>j</kbd>/<kbd>k</kbd> next/previous event · <kbd>s</kbd> star · <kbd>c</kbd> comment · <kbd>m</kbd> marker · <kbd>t</kbd> tag
          · <kbd>n</kbd> note · <kbd>f</kbd> only marked
        </details>
      </div>
      <div className={`panel-body ${styles.grid}`}>
        <div>
          <ul className={styles.events} ref={listRef} aria-label="Key events" data-testid="key-events">
            {rows.map(({ e, s }, i) => (
              <li
                key={e.eventId}
                id={`event-${e.eventId}`}
                data-selected={current?.eventId === e.eventId ? "true" : undefined}
                className={styles.event}
                onClick={() => setSelected(i)}
                onKeyDown={() => undefined}
                data-event-id={e.eventId}
              >
                <span className="mono faint">{e.eventTime.slice(0, 19).replace("T", " ")}</span>
                <b>{e.eventName}</b>
                <span className="muted">{e.why}</span>
                {s?.starred ? <span className={styles.star}>★</span> : null}
                {s?.markers.map((m) => (
                  <span key={m} className={styles.marker}>
                    {MARKER_LABEL[m]}
                  </span>
                ))}
                {s?.tags.map((t) => (
                  <span key={t} className={styles.tag}>
                    #{t}
                  </span>
                ))}
                {s?.comments ? <span className="faint">💬 {s.comments}</span> : null}
                <a href={`/events?event=${encodeURIComponent(e.eventId)}`} className="faint" onClick={(ev) => ev.stopPropagation()}>
                  event
                </a>
              </li>
            ))}
            {!rows.length ? <li className="empty">Nothing {onlyMarked ? "marked or starred " : ""}yet.</li> : null}
          </ul>
          {p.canWrite ? (
            <form className={styles.form} onSubmit={submit} data-testid="annotation-form">
              <div className={styles.row}>
                <span className="muted">
                  {kind === "note"
                    ? "Note at a time"
                    : current
                      ? `On ${current.eventName} (${current.eventTime.slice(11, 19)})`
                      : "Select an event"}
                </span>
                <button type="button" className="btn" onClick={star} disabled={!current} data-testid="star-event">
                  ★ Star
                </button>
              </div>
              <div className={styles.row}>
                <select
                  className="select"
                  value={kind}
                  onChange={(e) => setKind(e.target.value as Kind)}
                  aria-label="Annotation kind"
                  data-testid="annotation-kind"
                >
                  <option value="comment">Comment</option>
                  <option value="marker">Marker</option>
                  <option value="tag">Tag</option>
                  <option value="note">Time-anchored note</option>
                </select>
                {kind === "marker" ? (
                  <select
                    className="select"
                    value={marker}
                    onChange={(e) => setMarker(MarkerKind.parse(e.target.value))}
                    aria-label="Marker"
                    data-testid="annotation-marker"
                  >
                    {MarkerKind.options.map((m) => (
                      <option key={m} value={m}>
                        {MARKER_LABEL[m]}
                      </option>
                    ))}
                  </select>
                ) : null}
                {kind === "tag" ? (
                  <>
                    <input
                      className="input"
                      list="annotation-tags"
                      value={tag}
                      onChange={(e) => setTag(e.target.value)}
                      placeholder="tag"
                      aria-label="Tag"
                      data-testid="annotation-tag"
                    />
                    <datalist id="annotation-tags">
                      {p.tags.map((t) => (
                        <option key={t} value={t} />
                      ))}
                    </datalist>
                  </>
                ) : null}
                {kind === "note" ? (
                  <input
                    className="input"
                    value={at}
                    onChange={(e) => setAt(e.target.value)}
                    placeholder="2025-12-09 02:30"
                    aria-label="Time (UTC)"
                    data-testid="annotation-at"
                  />
                ) : null}
              </div>
              {kind !== "tag" ? (
                <textarea
                  ref={bodyRef}
                  className="input"
                  rows={3}
                  value={body}
                  onChange={(e) => setBody(e.target.value)}
                  placeholder={kind === "marker" ? "Why (optional, Markdown)" : "Markdown"}
                  aria-label="Annotation text"
                  data-testid="annotation-body"
                />
              ) : null}
              <div className={styles.row}>
                <button type="submit" className="btn primary" disabled={kind !== "note" && !current} data-testid="annotation-submit">
                  Add {kind === "note" ? "note" : kind}
                </button>
                {msg ? (
                  <span className="muted" role="status" data-testid="annotation-status">
                    {msg}
                  </span>
                ) : null}
              </div>
            </form>
          ) : (
            <p className="faint">Your role can read annotations; an editor can add them.</p>
          )}
        </div>
        <div>
          <h3>Markers, stars and notes</h3>
          <ul className={styles.side} data-testid="marker-list">
            {side.map((a) => (
              <li key={a.id}>
                <AnnotationItem a={a} anchorLabel={anchorLabel(a)} onEdit={edit} onDelete={del} />
              </li>
            ))}
            {!side.length ? <li className="faint">None yet.</li> : null}
          </ul>
          {tags.length ? (
            <p>
              {tags.map((a) => (
                <span key={a.id} className={styles.tag} title={anchorLabel(a) ?? ""}>
                  #{a.tag}{" "}
                </span>
              ))}
            </p>
          ) : null}
          <h3>Comments</h3>
          <ul className={styles.side} data-testid="comment-list">
            {threads.map((t) => (
              <li key={t.root.id} data-anchor={anchorKey(t.root)}>
                <AnnotationItem a={t.root} anchorLabel={anchorLabel(t.root)} onEdit={edit} onDelete={del} onReply={reply} />
                {t.replies.map((r) => (
                  <div key={r.id} className={styles.reply}>
                    <AnnotationItem a={r} anchorLabel={null} onEdit={edit} onDelete={del} />
                  </div>
                ))}
              </li>
            ))}
            {!threads.length ? <li className="faint">No comments yet.</li> : null}
          </ul>
        </div>
      </div>
    </section>
  );
}
