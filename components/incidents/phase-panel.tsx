"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { OpenEvent } from "@/components/sessions/open-event";
import { formatDuration, formatUtc } from "@/lib/format";
import type { PhaseView } from "@/lib/incidents/phase-edits";
import styles from "./incidents.module.css";

async function send(url: string, init: RequestInit): Promise<string | null> {
  try {
    const res = await fetch(url, {
      ...init,
      headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
    });
    if (res.ok) return null;
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return "network error";
  }
}

/** "+1 min 13 s" after the trigger. */
function offset(at: string | null, trigger: string | null): string | null {
  if (!at || !trigger) return null;
  const d = Date.parse(at) - Date.parse(trigger);
  if (!Number.isFinite(d) || d === 0) return null;
  return `${d > 0 ? "+" : "−"}${formatDuration(Math.abs(d))}`;
}

/**
 * The five phase markers. Derived values say so; a user's edit overrides one (POST /api/incidents/[id]/phases) and
 * can be reset to the derived value (DELETE). After a change the page re-renders from the server.
 */
export function PhasePanel({ incidentId, phases, canEdit = false }: { incidentId: string; phases: PhaseView[]; canEdit?: boolean }) {
  const trigger = phases.find((p) => p.phase === "trigger")?.at ?? null;
  return (
    <section className="panel" data-testid="phases">
      <div className="panel-head">
        <h2>Phases</h2>
        <span className="muted">derived from CloudTrail where it shows evidence; edit any phase to record what you know</span>
      </div>
      <div className={styles.phases}>
        {phases.map((p) => (
          <Phase key={p.phase} incidentId={incidentId} p={p} trigger={trigger} canEdit={canEdit} />
        ))}
      </div>
    </section>
  );
}

function Phase({ incidentId, p, trigger, canEdit }: { incidentId: string; p: PhaseView; trigger: string | null; canEdit: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/incidents/${encodeURIComponent(incidentId)}/phases`;

  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    const err = await send(url, {
      method: "POST",
      body: JSON.stringify({
        phase: p.phase,
        at: String(f.get("at") ?? ""),
        eventId: String(f.get("eventId") ?? "") || null,
        note: String(f.get("note") ?? "") || null,
      }),
    });
    setBusy(false);
    setError(err);
    if (!err) {
      setEditing(false);
      router.refresh();
    }
  };
  const reset = async () => {
    setBusy(true);
    const err = await send(`${url}?phase=${encodeURIComponent(p.phase)}`, { method: "DELETE" });
    setBusy(false);
    setError(err);
    if (!err) router.refresh();
  };

  return (
    <div className={styles.phase} data-testid={`phase-${p.phase}`} data-source={p.source}>
      <div className={styles.phaseName}>
        <span className={`${styles.phaseDot} phase-bg-${p.phase}`} />
        {p.label}
        <span className={`${styles.src} ${p.source === "edited" ? styles["src-edited"] : ""}`} data-testid="phase-source">
          {p.source === "missing" ? "not found" : p.source}
        </span>
      </div>
      {p.at ? (
        <>
          <div className={styles.phaseTime}>{formatUtc(p.at, false)}</div>
          <div className={styles.phaseOffset}>{p.phase === "trigger" ? "incident start" : (offset(p.at, trigger) ?? "")}</div>
        </>
      ) : (
        <div className="faint mt-4">No evidence in CloudTrail.</div>
      )}
      {p.eventId ? (
        <div className="mt-2">
          <OpenEvent eventId={p.eventId} className="linklike" title="Open the event">
            event ↗
          </OpenEvent>
        </div>
      ) : null}
      {p.source === "edited" ? (
        <div className={styles.phaseEvidence}>
          {p.note ? <div>“{p.note}”</div> : null}
          <div className="faint">
            edited{p.author ? ` by ${p.author}` : ""}
            {p.editedAt ? ` · ${formatUtc(p.editedAt, false)}` : ""}
            {p.derived ? ` · derived: ${formatUtc(p.derived.at, false).slice(11)}` : ""}
          </div>
        </div>
      ) : p.evidence.length ? (
        <div className={styles.phaseEvidence}>{p.evidence.join("; ")}</div>
      ) : null}
      {canEdit ? (
        <div className={`${styles.formRow} mt-6`}>
          {!editing ? (
            <button type="button" className="btn small" onClick={() => setEditing(true)} data-testid="phase-edit">
              {p.at ? "Edit" : "Set"}
            </button>
          ) : null}
          {p.source === "edited" ? (
            <button type="button" className="btn small" disabled={busy} onClick={() => void reset()} data-testid="phase-reset">
              Reset to derived
            </button>
          ) : null}
        </div>
      ) : null}
      {canEdit && editing ? (
        <form className={styles.phaseForm} onSubmit={(e) => void save(e)} data-testid="phase-form">
          <label className="field">
            <span>Time (UTC)</span>
            <input
              className="input mono"
              name="at"
              required
              defaultValue={p.at ? formatUtc(p.at, false) : ""}
              placeholder="2025-12-09 02:42:03"
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span>Event id (optional)</span>
            <input className="input mono" name="eventId" defaultValue={p.eventId ?? ""} autoComplete="off" spellCheck={false} />
          </label>
          <label className="field">
            <span>Note</span>
            <textarea name="note" defaultValue={p.note ?? ""} maxLength={2000} />
          </label>
          <div className={styles.formRow}>
            <button type="submit" className="btn small primary" disabled={busy}>
              Save
            </button>
            <button
              type="button"
              className="btn small"
              onClick={() => {
                setEditing(false);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {error ? <div className={styles.formError}>{error}</div> : null}
    </div>
  );
}
