"use client";

import { type FormEvent, useState } from "react";

/** First run: create the admin account (POST /api/setup), signed in on success. */
export function SetupForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const password = String(f.get("password") ?? "");
    if (password !== String(f.get("confirm") ?? "")) {
      setError("The passwords differ.");
      return;
    }
    setBusy(true);
    setError(null);
    const res = await fetch("/api/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: String(f.get("email") ?? ""), name: String(f.get("name") ?? "") || undefined, password }),
    }).catch(() => null);
    if (res?.ok) {
      window.location.assign("/incidents");
      return;
    }
    if (res?.status === 404) {
      window.location.assign("/sign-in");
      return;
    }
    const body = res ? ((await res.json().catch(() => null)) as { error?: { message?: string } } | null) : null;
    setBusy(false);
    setError(body?.error?.message ?? "Network error.");
  };
  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} data-testid="setup-form">
      <label className="field">
        <span>Your email</span>
        <input className="input" name="email" type="email" required autoComplete="username" />
      </label>
      <label className="field">
        <span>Your name</span>
        <input className="input" name="name" autoComplete="name" maxLength={200} />
      </label>
      <label className="field">
        <span>Password (at least 10 characters)</span>
        <input className="input" name="password" type="password" required minLength={10} autoComplete="new-password" />
      </label>
      <label className="field">
        <span>Password again</span>
        <input className="input" name="confirm" type="password" required minLength={10} autoComplete="new-password" />
      </label>
      <button type="submit" className="btn primary" disabled={busy} data-testid="setup-submit">
        Create the admin account
      </button>
      {error ? (
        <p className="form-error" role="alert" data-testid="setup-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
