"use client";

import { useState } from "react";
import type { ReplayResult } from "@/lib/safeguards/replay";
import { ReplayResultView } from "./replay-result";
import styles from "./safeguards.module.css";

type Kind = "scp" | "permission-boundary" | "identity" | "agent-rules";

/** Paste a candidate policy (or Claude Code settings.json) and replay past incidents against it. */
export function ReplayForm({ accounts, initial }: { accounts: string[]; initial?: string }) {
  const [kind, setKind] = useState<Kind>("scp");
  const [text, setText] = useState(initial ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReplayResult | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setResult(null);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (err) {
      setError(`Not valid JSON: ${(err as Error).message}`);
      return;
    }
    setBusy(true);
    try {
      const res = await fetch("/api/safeguards/replay", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: kind, document, accounts }),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) setError(body?.error?.message ?? `Replay failed (${res.status})`);
      else setResult(body as ReplayResult);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={submit} data-testid="replay-form">
      <div className={styles.row}>
        <label className="field">
          <span>Candidate</span>
          <select className="select" value={kind} onChange={(e) => setKind(e.target.value as Kind)} name="type">
            <option value="scp">SCP</option>
            <option value="permission-boundary">Permission boundary</option>
            <option value="identity">Identity policy (Deny statements)</option>
            <option value="agent-rules">Agent rules (Claude Code settings.json)</option>
          </select>
        </label>
      </div>
      <label className="field">
        <span>Policy document (JSON)</span>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          placeholder='{"Version":"2012-10-17","Statement":[…]}'
          aria-label="Candidate policy JSON"
        />
      </label>
      <div className={styles.row}>
        <button type="submit" className="btn" disabled={busy || !text.trim()}>
          {busy ? "Replaying…" : "Replay past incidents"}
        </button>
        {error ? (
          <span className="error-code" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      {result ? <ReplayResultView result={result} /> : null}
    </form>
  );
}
