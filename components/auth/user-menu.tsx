"use client";

import Link from "next/link";
import { useState } from "react";

/** The signed-in user, their role, and sign-out (POST /api/auth/sign-out, then the sign-in page). */
export function UserMenu({ email, role }: { email: string; role: string }) {
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => null);
    window.location.assign("/sign-in");
  };
  return (
    <div className="user-menu" data-testid="user-menu">
      <Link href="/account" className="user-email" title="Your account" data-testid="user-email">
        {email}
      </Link>
      <span className="role-badge" data-testid="user-role">
        {role}
      </span>
      <button type="button" className="btn small" disabled={busy} onClick={() => void signOut()} data-testid="sign-out">
        Sign out
      </button>
    </div>
  );
}
