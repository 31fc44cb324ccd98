"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { keyedTexts } from "@/components/keyed-texts";
import { type EventDetail, EventDetailResponse } from "@/lib/events/detail-schema";
import { eventsHref } from "@/lib/events/url";
import { formatUtc } from "@/lib/format";
import { RawJson } from "./raw-json";
import { RiskBadge } from "./risk-badge";
import { useEventParam } from "./use-event-param";

type Load =
  | { id: string; status: "loading" }
  | { id: string; status: "error"; message: string }
  | { id: string; status: "ok"; event: EventDetail };

async function fetchEvent(id: string, signal: AbortSignal): Promise<Load> {
  const res = await fetch(`/api/events/${encodeURIComponent(id)}`, { signal, headers: { accept: "application/json" } });
  if (res.status === 404) return { id, status: "error", message: "This event is not in the database (any more)." };
  if (!res.ok) return { id, status: "error", message: `The event could not be loaded (HTTP ${res.status}).` };
  const parsed = EventDetailResponse.safeParse(await res.json());
  if (!parsed.success) return { id, status: "error", message: "The server sent an unexpected response." };
  return { id, status: "ok", event: parsed.data.event };
}

/** Side drawer with one event's normalized fields and its original record; opened by `?event=` in the URL. */
export function EventDrawer() {
  const [eventId, setEventId] = useEventParam();
  const [load, setLoad] = useState<Load | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!eventId) return;
    const ctrl = new AbortController();
    fetchEvent(eventId, ctrl.signal)
      .then(setLoad)
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setLoad({ id: eventId, status: "error", message: "The event could not be loaded (network error)." });
        void e;
      });
    return () => ctrl.abort();
  }, [eventId]);

  useEffect(() => {
    if (!eventId) return;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setEventId(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [eventId, setEventId]);

  if (!eventId) return null;
  const current = load && load.id === eventId ? load : ({ id: eventId, status: "loading" } as const);

  return (
    <>
      <div className="drawer-backdrop" onClick={() => setEventId(null)} aria-hidden="true" />
      <aside className="drawer" role="dialog" aria-modal="true" aria-labelledby="drawer-title" data-testid="event-drawer">
        <div className="drawer-head">
          <div style={{ minWidth: 0 }}>
            <h2 id="drawer-title">{current.status === "ok" ? current.event.eventName : "Event"}</h2>
            <div className="muted mono" style={{ wordBreak: "break-all" }}>
              {eventId}
            </div>
          </div>
          <button ref={closeRef} type="button" className="btn small close" onClick={() => setEventId(null)}>
            Close <span className="faint">Esc</span>
          </button>
        </div>
        <div className="drawer-body">
          {current.status === "loading" ? <p className="muted">Loading…</p> : null}
          {current.status === "error" ? <div className="notice error">{current.message}</div> : null}
          {current.status === "ok" ? <EventDetailView e={current.event} /> : null}
        </div>
      </aside>
    </>
  );
}

function Field({ label, value, mono = false }: { label: string; value: React.ReactNode; mono?: boolean }) {
  if (value === null || value === undefined || value === "") return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? "mono" : undefined}>{value}</dd>
    </>
  );
}

const yesNo = (b: boolean | null) => (b === null ? null : b ? "yes" : "no");

function EventDetailView({ e }: { e: EventDetail }) {
  // the principal filter is a substring match: the full ARN is the most specific value (capped to the filter's limit)
  const who = (e.principalArn ?? e.sessionName ?? e.humanName)?.slice(0, 256);
  return (
    <>
      <section className="drawer-section">
        <div style={{ display: "flex", gap: 8, alignItems: "center", marginBottom: 8, flexWrap: "wrap" }}>
          <RiskBadge risk={e.risk} />
          <span className="mono">{formatUtc(e.eventTime)} UTC</span>
          {e.errorCode ? <span className="error-code">{e.errorCode}</span> : null}
          {!e.executed ? <span className="badge neutral">not executed</span> : null}
        </div>
        <div style={{ display: "flex", gap: 12, flexWrap: "wrap", fontSize: 12 }}>
          {who ? <Link href={eventsHref({}, { principal: who })}>Events by this principal</Link> : null}
          <Link href={eventsHref({}, { name: e.eventName.slice(0, 256) })}>All {e.eventName} calls</Link>
          {e.resources[0] ? <Link href={eventsHref({}, { q: e.resources[0].slice(0, 200) })}>Events on this resource</Link> : null}
          <a href="#original-record">Original record ↓</a>
        </div>
      </section>

      <section className="drawer-section">
        <h3>Call</h3>
        <dl className="kv">
          <Field label="Event name" value={e.eventName} mono />
          <Field label="Service" value={e.eventSource} mono />
          <Field label="Account" value={e.accountId} mono />
          <Field label="Region" value={e.region} mono />
          <Field label="Partition" value={e.partition} />
          <Field label="Read-only" value={yesNo(e.readOnly)} />
          <Field label="Executed" value={yesNo(e.executed)} />
          <Field label="Error code" value={e.errorCode} mono />
          <Field label="Error message" value={e.errorMessage} />
          <Field label="Event type" value={e.eventType} />
          <Field label="Category" value={e.eventCategory} />
          <Field label="Request id" value={e.requestId} mono />
          <Field label="Event id" value={e.eventId} mono />
        </dl>
      </section>

      <section className="drawer-section">
        <h3>Identity</h3>
        <dl className="kv">
          <Field label="Principal" value={e.principalArn} mono />
          <Field label="Type" value={e.principalType} />
          <Field label="Session" value={e.sessionName} mono />
          <Field label="Role" value={e.roleArn} mono />
          <Field label="Human" value={e.humanName} />
          <Field label="Source identity" value={e.sourceIdentity} mono />
          <Field label="Access key" value={e.accessKeyId} mono />
          <Field label="Source IP" value={e.sourceIp} mono />
          <Field label="User agent" value={e.userAgent} mono />
        </dl>
      </section>

      <section className="drawer-section">
        <h3>Resources ({e.resources.length})</h3>
        {e.resources.length === 0 ? (
          <p className="muted">None recorded.</p>
        ) : (
          <ul className="plain mono">
            {keyedTexts(e.resources).map((r) => (
              <li key={r.key}>{r.text}</li>
            ))}
          </ul>
        )}
      </section>

      {e.links.length > 0 ? (
        <section className="drawer-section">
          <h3>Linked agent actions</h3>
          <ul className="plain">
            {e.links.map((l) => (
              <li key={`${l.sessionId}:${l.actionId ?? "session"}`}>
                <span className="badge neutral">{l.confidence}</span>{" "}
                {l.command ? (
                  <span className="mono">{l.command.length > 300 ? `${l.command.slice(0, 299)}…` : l.command}</span>
                ) : (
                  <span className="muted">session-level link</span>
                )}
                {l.actionAt ? <span className="faint mono"> · {formatUtc(l.actionAt)}</span> : null}
                {l.evidence.length ? <div className="faint">{l.evidence.slice(0, 4).join(" · ")}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="drawer-section">
        <h3>Provenance</h3>
        <dl className="kv">
          <Field
            label="Source file"
            value={e.source ? <Link href={`/sources/${encodeURIComponent(e.source.id)}`}>{e.source.fileName}</Link> : null}
          />
          <Field label="Record index" value={String(e.recordIndex)} mono />
          <Field label="Ingested" value={`${formatUtc(e.ingestedAt)} UTC`} mono />
          <Field label="Content hash" value={e.contentHash} mono />
        </dl>
      </section>

      <section className="drawer-section" id="original-record">
        <h3>Original record</h3>
        <RawJson value={e.raw} />
      </section>
    </>
  );
}
