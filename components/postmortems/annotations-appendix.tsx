import { type AnnotationView, MARKER_LABEL, threadComments } from "@/lib/annotations/model";
import type { EventFact } from "@/lib/postmortems/draft";
import styles from "./postmortem.module.css";
import { SafeMarkdown } from "./safe-markdown";

/** Annotations on the post-mortem page (and in its PDF): markers, stars, tags, notes and comment threads. */
export function AnnotationsAppendix({ annotations, events }: { annotations: AnnotationView[]; events: Record<string, EventFact> }) {
  const on = (a: AnnotationView) =>
    a.eventId ? (
      <a href={`/events?event=${encodeURIComponent(a.eventId)}`}>{events[a.eventId]?.eventName ?? a.eventId}</a>
    ) : a.at ? (
      <span className="mono">{a.at.slice(0, 16).replace("T", " ")}</span>
    ) : a.actionKey ? (
      <span className="mono">{a.actionKey}</span>
    ) : null;
  const marks = annotations.filter((a) => !a.deleted && !a.parentId && a.kind !== "comment");
  const threads = threadComments(annotations);
  return (
    <section className="panel" aria-label="Annotations" id="annotations">
      <div className="panel-head">
        <h2>Annotations</h2>
      </div>
      <div className="panel-body">
        {!marks.length && !threads.length ? <div className="faint">None yet. Annotate the incident's timeline.</div> : null}
        <ul className={styles.list}>
          {marks.map((a) => (
            <li key={a.id} id={`annotation-${a.id}`}>
              <b>
                {a.kind === "marker" && a.marker
                  ? MARKER_LABEL[a.marker]
                  : a.kind === "star"
                    ? "★ Key event"
                    : a.kind === "tag"
                      ? `#${a.tag}`
                      : "Note"}
              </b>{" "}
              {on(a)} <span className="faint">{a.author.label}</span>
              {a.body && a.kind !== "tag" ? <SafeMarkdown source={a.body} /> : null}
            </li>
          ))}
          {threads.map((t) => (
            <li key={t.root.id} id={`annotation-${t.root.id}`} data-testid="appendix-comment">
              <b>Comment</b> {on(t.root)} <span className="faint">{t.root.author.label}</span>
              <SafeMarkdown source={t.root.deleted ? "_deleted_" : t.root.body} />
              {t.replies.map((r) => (
                <div key={r.id} id={`annotation-${r.id}`} style={{ marginLeft: 16 }}>
                  <span className="faint">reply by {r.author.label}</span>
                  <SafeMarkdown source={r.deleted ? "_deleted_" : r.body} />
                </div>
              ))}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
