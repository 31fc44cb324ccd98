"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/annotations/api";
import styles from "./postmortem.module.css";

/** Adds an action item (title, owner, due date, priority, optional safeguard key). */
export function ActionItemForm({ incidentId }: { incidentId: string }) {
  const router = useRouter();
  const [v, setV] = useState({ title: "", owner: "", dueDate: "", priority: "p2", safeguardKey: "" });
  const [msg, setMsg] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setV({ ...v, [k]: e.target.value });
  return (
    <form
      className={`${styles.row} no-print`}
      style={{ padding: "8px 12px" }}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await callApi("POST", `/api/incidents/${incidentId}/postmortem/action-items`, {
          title: v.title,
          owner: v.owner || null,
          dueDate: v.dueDate || null,
          priority: v.priority,
          safeguardKey: v.safeguardKey || null,
        });
        setMsg(r.ok ? null : r.message);
        if (r.ok) {
          setV({ title: "", owner: "", dueDate: "", priority: "p2", safeguardKey: "" });
          router.refresh();
        }
      }}
    >
      <label className="field">
        <span>Action item</span>
        <input className="input" required value={v.title} onChange={set("title")} data-testid="action-item-title" />
      </label>
      <label className="field">
        <span>Owner</span>
        <input className="input" value={v.owner} onChange={set("owner")} placeholder="email" />
      </label>
      <label className="field">
        <span>Due</span>
        <input className="input" type="date" value={v.dueDate} onChange={set("dueDate")} />
      </label>
      <label className="field">
        <span>Priority</span>
        <select className="select" value={v.priority} onChange={set("priority")}>
          <option value="p1">P1</option>
          <option value="p2">P2</option>
          <option value="p3">P3</option>
        </select>
      </label>
      <label className="field">
        <span>Safeguard key</span>
        <input className="input" value={v.safeguardKey} onChange={set("safeguardKey")} placeholder="optional" />
      </label>
      <button type="submit" className="btn" data-testid="action-item-add">
        Add
      </button>
      {msg ? <span className="muted">{msg}</span> : null}
    </form>
  );
}
