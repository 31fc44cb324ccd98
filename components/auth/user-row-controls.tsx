"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatUtc } from "@/lib/format";
import { sendJson } from "./api";

type SessionItem = { id: string; createdAt: string; expiresAt: string; ipAddress: string | null; userAgent: string | null };

/** Admin controls of one user: role, deactivate/reactivate (sessions revoked at once), the user's sessions. */
export function UserRowControls({ id, role, active, self }: { id: string; role: string; active: boolean; self: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sessions, setSessions] = useState<SessionItem[] | null>(null);
  const url = `/api/users/${encodeURIComponent(id)}`;

  const patch = async (body: { role?: string; active?: boolean }) => {
    setBusy(true);
    const r = await sendJson(url, "PATCH", body);
    setBusy(false);
    setError(r.error);
    if (!r.error) router.refresh();
  };
  const loadSessions = async () => {
    const r = await sendJson(`${url}/sessions`, "GET");
    setError(r.error);
    if (!r.error) setSessions((r.data as { sessions: SessionItem[] }).sessions);
  };
  const revoke = async (sessionId: string) => {
    const r = await sendJson(`${url}/sessions/${encodeURIComponent(sessionId)}`, "DELETE");
    setError(r.error);
    if (!r.error) {
      await loadSessions();
      router.refresh();
    }
  };

  return (
    <div className="inline-form">
      <select
        className="select"
        aria-label="Role"
        value={role}
        disabled={busy}
        onChange={(e) => void patch({ role: e.target.value })}
        data-testid="user-role-select"
      >
        <option value="viewer">viewer</option>
        <option value="editor">editor</option>
        <option value="admin">admin</option>
      </select>
      {self ? null : (
        <button
          type="button"
          className="btn small"
          disabled={busy}
          onClick={() => void patch({ active: !active })}
          data-testid="user-toggle-active"
        >
          {active ? "Deactivate" : "Reactivate"}
        </button>
      )}
      <button type="button" className="btn small" onClick={() => void loadSessions()} data-testid="user-sessions">
        Sessions
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
      {sessions ? (
        <ul data-testid="user-session-list">
          {sessions.length === 0 ? <li className="muted">no active session</li> : null}
          {sessions.map((s) => (
            <li key={s.id}>
              since {formatUtc(s.createdAt, false)} · until {formatUtc(s.expiresAt, false)} · {s.ipAddress ?? "unknown IP"} ·{" "}
              <span className="faint">{(s.userAgent ?? "").slice(0, 80)}</span>{" "}
              <button type="button" className="btn small" onClick={() => void revoke(s.id)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
