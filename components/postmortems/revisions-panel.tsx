"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/annotations/api";
import type { PostMortemView } from "@/lib/postmortems/views";
import styles from "./postmortem.module.css";

/** Every revision (author, time): view one, diff two, restore one as a new revision. */
export function RevisionsPanel({ pm }: { pm: PostMortemView }) {
  const router = useRouter();
  const [a, setA] = useState(pm.revisions[1]?.number ?? 1);
  const [b, setB] = useState(pm.revision);
  const [msg, setMsg] = useState<string | null>(null);
  const href = `/postmortems/${pm.incidentId}`;
  return (
    <section className="panel no-print" aria-label="Revisions" data-testid="revisions">
      <div className="panel-head">
        <h2>Revisions</h2>
        <span className="muted">{pm.revisions.length}</span>
      </div>
      <div className={`panel-body ${styles.stack}`}>
        <form
          className={styles.row}
          onSubmit={(e) => {
            e.preventDefault();
            router.push(`${href}?diff=${a}..${b}#diff`);
          }}
        >
          <input
            className="input"
            type="number"
            min={1}
            max={pm.revision}
            value={a}
            onChange={(e) => setA(Number(e.target.value))}
            aria-label="From revision"
            style={{ width: 70 }}
          />
          <input
            className="input"
            type="number"
            min={1}
            max={pm.revision}
            value={b}
            onChange={(e) => setB(Number(e.target.value))}
            aria-label="To revision"
            style={{ width: 70 }}
          />
          <button type="submit" className="btn">
            Diff
          </button>
        </form>
        {msg ? <div className="notice">{msg}</div> : null}
        <ul className={styles.list}>
          {pm.revisions.map((r) => (
            <li key={r.number} id={`revision-${r.number}`}>
              <a href={`${href}?rev=${r.number}`}>
                <b>#{r.number}</b>
              </a>{" "}
              {r.author} <span className="faint">{r.createdAt.slice(0, 16).replace("T", " ")}</span>{" "}
              <span className="muted">
                {r.reason}
                {r.restoredFrom ? ` of #${r.restoredFrom}` : ""}
              </span>
              {r.number !== pm.revision && pm.status !== "published" ? (
                <button
                  type="button"
                  className="linklike"
                  onClick={async () => {
                    const res = await callApi("POST", `/api/incidents/${pm.incidentId}/postmortem/restore`, {
                      baseRevision: pm.revision,
                      revision: r.number,
                    });
                    setMsg(res.ok ? `Restored revision ${r.number}.` : res.message);
                    if (res.ok) router.refresh();
                  }}
                >
                  {" "}
                  restore
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
