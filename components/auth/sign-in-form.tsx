"use client";

import { type FormEvent, useState } from "react";

async function errorText(res: Response): Promise<string> {
  if (res.status === 429) return "Too many sign-in attempts. Wait a minute and try again.";
  const body = (await res.json().catch(() => null)) as { message?: string; error?: { message?: string } } | null;
  if (res.status === 401) return "Wrong email or password.";
  return body?.message ?? body?.error?.message ?? `Sign-in failed (HTTP ${res.status}).`;
}

/** Email + password (POST /api/auth/sign-in/email) and, when configured, OpenID Connect single sign-on. */
export function SignInForm({ next, sso }: { next: string; sso: string | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: String(f.get("email") ?? ""), password: String(f.get("password") ?? "") }),
    }).catch(() => null);
    if (res?.ok) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(res ? await errorText(res) : "Network error.");
  };

  const startSso = async () => {
    setBusy(true);
    setError(null);
    const res = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: "/sign-in?error=sso" }),
    }).catch(() => null);
    const body = res?.ok ? ((await res.json().catch(() => null)) as { url?: string } | null) : null;
    if (body?.url) {
      window.location.assign(body.url);
      return;
    }
    setBusy(false);
    setError(res ? await errorText(res) : "Network error.");
  };

  return (
    <div>
      <form className="auth-form" onSubmit={(e) => void submit(e)} data-testid="sign-in-form">
        <label className="field">
          <span>Email</span>
          <input className="input" name="email" type="email" required autoComplete="username" />
        </label>
        <label className="field">
          <span>Password</span>
          <input className="input" name="password" type="password" required autoComplete="current-password" />
        </label>
        <button type="submit" className="btn primary" disabled={busy} data-testid="sign-in-submit">
          Sign in
        </button>
      </form>
      {sso ? (
        <>
          <div className="auth-divider">or</div>
          <button type="button" className="btn" disabled={busy} onClick={() => void startSso()} data-testid="sign-in-sso">
            Sign in with {sso}
          </button>
        </>
      ) : null}
      {error ? (
        <p className="form-error" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
