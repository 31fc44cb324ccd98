"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { sendJson } from "./api";

/** Admin: create a user with an initial password (POST /api/users); hand the password over yourself. */
export function NewUserForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setBusy(true);
    const { error } = await sendJson("/api/users", "POST", {
      email: String(f.get("email") ?? ""),
      name: String(f.get("name") ?? "") || undefined,
      role: String(f.get("role") ?? "viewer"),
      password: String(f.get("password") ?? ""),
    });
    setBusy(false);
    setMessage(error ? { ok: false, text: error } : { ok: true, text: `Created ${String(f.get("email"))}.` });
    if (!error) {
      form.reset();
      router.refresh();
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="new-user-form">
      <label className="field">
        <span>Email</span>
        <input className="input" name="email" type="email" required autoComplete="off" />
      </label>
      <label className="field">
        <span>Name</span>
        <input className="input" name="name" maxLength={200} autoComplete="off" />
      </label>
      <label className="field">
        <span>Role</span>
        <select className="select" name="role" defaultValue="viewer">
          <option value="viewer">viewer</option>
          <option value="editor">editor</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <label className="field">
        <span>Initial password</span>
        <input className="input" name="password" type="password" required minLength={10} autoComplete="new-password" />
      </label>
      <button type="submit" className="btn primary" disabled={busy}>
        Create user
      </button>
      {message ? (
        <span className={message.ok ? "form-ok" : "form-error"} role="status">
          {message.text}
        </span>
      ) : null}
    </form>
  );
}
