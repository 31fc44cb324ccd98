"use client";

import { type FormEvent, useState } from "react";
import { sendJson } from "./api";

/** Change your password (better-auth POST /api/auth/change-password); other sessions are signed out. */
export function ChangePasswordForm() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const newPassword = String(f.get("newPassword") ?? "");
    if (newPassword !== String(f.get("confirm") ?? "")) {
      setMessage({ ok: false, text: "The new passwords differ." });
      return;
    }
    setBusy(true);
    const { error } = await sendJson("/api/auth/change-password", "POST", {
      currentPassword: String(f.get("currentPassword") ?? ""),
      newPassword,
      revokeOtherSessions: true,
    });
    setBusy(false);
    setMessage(error ? { ok: false, text: error } : { ok: true, text: "Password changed. Your other sessions were signed out." });
    if (!error) form.reset();
  };
  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} data-testid="change-password-form">
      <label className="field">
        <span>Current password</span>
        <input className="input" name="currentPassword" type="password" required autoComplete="current-password" />
      </label>
      <label className="field">
        <span>New password (at least 10 characters)</span>
        <input className="input" name="newPassword" type="password" required minLength={10} autoComplete="new-password" />
      </label>
      <label className="field">
        <span>New password again</span>
        <input className="input" name="confirm" type="password" required minLength={10} autoComplete="new-password" />
      </label>
      <button type="submit" className="btn primary" disabled={busy}>
        Change password
      </button>
      {message ? (
        <p className={message.ok ? "form-ok" : "form-error"} role="status">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
