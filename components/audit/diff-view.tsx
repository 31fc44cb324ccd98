import type { JsonChange } from "@/lib/audit/diff";
import { changeText, displayChanges } from "@/lib/audit/row";

const MAX = 300;
const clip = (s: string) => (s.length > MAX ? `${s.slice(0, MAX)}…` : s);

/** before → after, path by path, as React text (audit values can hold attacker-chosen strings). */
export function DiffView({ diff: raw }: { diff: JsonChange[] }) {
  const diff = displayChanges(raw);
  if (!diff.length) return <span className="faint">—</span>;
  return (
    <ul className="audit-diff" data-testid="audit-diff" style={{ margin: 0, paddingLeft: 16 }}>
      {diff.slice(0, 20).map((c) => (
        <li key={c.path} className="mono" style={{ overflowWrap: "anywhere" }}>
          <span>{c.path || "(value)"}</span>:{" "}
          {c.before == null ? (
            <span className="faint">∅</span>
          ) : (
            <del style={{ color: "var(--risk-destructive)" }}>{clip(changeText(c.before))}</del>
          )}{" "}
          → <ins style={{ color: "var(--ok)", textDecoration: "none" }}>{clip(changeText(c.after))}</ins>
        </li>
      ))}
      {diff.length > 20 ? <li className="faint">… {diff.length - 20} more (see the export)</li> : null}
    </ul>
  );
}
