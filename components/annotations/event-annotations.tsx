"use client";

import { useCallback, useEffect, useState } from "react";
import { SafeMarkdown } from "@/components/postmortems/safe-markdown";
import { type AnnotationView, MARKER_LABEL } from "@/lib/annotations/model";
import { callApi } from "./api";

type Ctx = { annotations: AnnotationView[]; incidents: { id: string; title: string }[] };

/** In the event explorer's drawer: this event's annotations, and star / comment on it within an incident it belongs to. */
export function EventAnnotations({ eventId }: { eventId: string }) {
  const [ctx, setCtx] = useState<Ctx | null>(null);
  const [incident, setIncident] = useState("");
  const [body, setBody] = useState("");
  const [msg, setMsg] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await callApi<Ctx>("GET", `/api/annotations?eventId=${encodeURIComponent(eventId)}`);
    if (r.ok) {
      setCtx(r.data);
      setIncident((cur) => cur || r.data.incidents[0]?.id || "");
    }
  }, [eventId]);
  useEffect(() => {
    load();
  }, [load]);
  if (!ctx || (!ctx.incidents.length && !ctx.annotations.length)) return null;
  const add = async (payload: Record<string, unknown>) => {
    const r = await callApi("POST", `/api/incidents/${incident}/annotations`, { ...payload, eventId });
    setMsg(r.ok ? "Saved." : r.message);
    if (r.ok) {
      setBody("");
      load();
    }
  };
  return (
    <section className="drawer-section" data-testid="event-annotations">
      <h3>Annotations</h3>
      {ctx.annotations.map((a) => (
        <div key={a.id}>
          <b>
            {a.kind === "marker" && a.marker
              ? MARKER_LABEL[a.marker]
              : a.kind === "star"
                ? "★"
                : a.kind === "tag"
                  ? `#${a.tag}`
                  : "Comment"}
          </b>{" "}
          <span className="faint">{a.author.label}</span> <a href={`/incidents/${a.incidentId}#annotations`}>incident</a>
          {a.body && a.kind !== "tag" ? <SafeMarkdown source={a.body} /> : null}
        </div>
      ))}
      {ctx.incidents.length ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) add({ kind: "comment", body });
          }}
          style={{ display: "flex", flexDirection: "column", gap: 6 }}
        >
          <select className="select" value={incident} onChange={(e) => setIncident(e.target.value)} aria-label="Incident">
            {ctx.incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
          <textarea
            className="input"
            rows={2}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder="Comment (Markdown)"
            aria-label="Comment"
          />
          <div style={{ display: "flex", gap: 6 }}>
            <button type="submit" className="btn">
              Comment
            </button>
            <button type="button" className="btn" onClick={() => add({ kind: "star" })}>
              ★ Star
            </button>
            {msg ? <span className="muted">{msg}</span> : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
