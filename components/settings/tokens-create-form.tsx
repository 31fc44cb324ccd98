"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { type NewToken, postToken } from "./tokens-api";

const SCOPES = [
  { value: "ingest", label: "ingest — upload data only" },
  { value: "read", label: "read — read everything" },
  { value: "write", label: "write — read, upload, edit" },
  { value: "admin", label: "admin — everything" },
];
const EXPIRIES = [
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "90d", label: "90 days" },
  { value: "never", label: "never" },
  { value: "custom", label: "custom date…" },
];

/** Create a token; the new token is shown once, with a copy button. */
export function CreateTokenForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [expiry, setExpiry] = useState("30d");

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const expires = expiry === "custom" ? String(form.get("customDate") ?? "") : expiry;
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      const t = await postToken({
        name: String(form.get("name") ?? ""),
        scope: String(form.get("scope") ?? "ingest"),
        kind: String(form.get("kind") ?? "personal"),
        expires,
      });
      setCreated(t);
      e.currentTarget?.reset();
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      setError("Copying was refused by the browser: select the token and copy it by hand.");
    }
  }

  return (
    <section className="panel" aria-labelledby="create-token-title">
      <div className="panel-head">
        <h2 id="create-token-title">Create a token</h2>
      </div>
      <form className="filters" onSubmit={submit} data-testid="create-token-form">
        <label className="field">
          <span>Name</span>
          <input className="input" name="name" required maxLength={100} placeholder="ci upload" data-testid="token-name" />
        </label>
        <label className="field">
          <span>Scope</span>
          <select className="select" name="scope" defaultValue="ingest" data-testid="token-scope">
            {SCOPES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Kind</span>
          <select className="select" name="kind" defaultValue="personal" data-testid="token-kind">
            <option value="personal">personal (acts as you)</option>
            <option value="service">service (no owner)</option>
          </select>
        </label>
        <label className="field">
          <span>Expires</span>
          <select className="select" value={expiry} onChange={(e) => setExpiry(e.target.value)} data-testid="token-expiry">
            {EXPIRIES.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        {expiry === "custom" ? (
          <label className="field">
            <span>Expiry date (UTC)</span>
            <input className="input" type="date" name="customDate" required data-testid="token-expiry-date" />
          </label>
        ) : null}
        <div className="field" style={{ justifyContent: "flex-end" }}>
          <button className="btn primary" type="submit" disabled={busy} data-testid="token-create">
            {busy ? "Creating…" : "Create token"}
          </button>
        </div>
      </form>
      {error ? (
        <div className="notice error" role="alert" data-testid="token-error" style={{ margin: "0 12px 12px" }}>
          {error}
        </div>
      ) : null}
      {created ? (
        <div className="notice" role="status" data-testid="new-token-box" style={{ margin: "0 12px 12px" }}>
          <div>
            Token <strong>{created.name}</strong> ({created.scope}) — copy it now: it is not shown again.
          </div>
          <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap", marginTop: 6 }}>
            <input
              className="input mono"
              readOnly
              value={created.token}
              aria-label="New token"
              onFocus={(e) => e.currentTarget.select()}
              style={{ flex: "1 1 260px", minWidth: 0 }}
              data-testid="new-token"
            />
            <button className="btn small" type="button" onClick={copy} data-testid="copy-token">
              {copied ? "Copied" : "Copy"}
            </button>
            <button className="btn small" type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
