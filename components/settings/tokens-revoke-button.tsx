"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteToken } from "./tokens-api";

/** Revoke in two clicks (the second confirms); the list refreshes after. */
export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await deleteToken(id);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="nowrap">
      <button
        className="btn small"
        type="button"
        onClick={revoke}
        disabled={busy}
        aria-label={confirming ? `Confirm revoking ${name}` : `Revoke ${name}`}
        data-testid="revoke-token"
      >
        {confirming ? "Confirm revoke" : "Revoke"}
      </button>
      {confirming && !busy ? (
        <button className="btn small linklike" type="button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="faint">
          {" "}
          {error}
        </span>
      ) : null}
    </span>
  );
}
