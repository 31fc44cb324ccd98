import { RiskBadge } from "@/components/events/risk-badge";
import { keyedTexts } from "@/components/keyed-texts";
import { formatDuration, formatUtc } from "@/lib/format";
import type { SessionActionView } from "@/lib/sessions/types";
import { exitView } from "@/lib/sessions/view-model";
import { ApprovalBadge } from "./approval-badge";
import { LinkedEvents } from "./linked-events";
import styles from "./sessions.module.css";

const KIND_LABEL: Record<string, string> = {
  prompt: "Prompt",
  plan: "Plan",
  message: "Message",
  tool_call: "Tool call",
  error: "Error",
  system: "System",
};
/** Prompt / plan text longer than this starts collapsed. */
const LONG_TEXT = 1200;

/** One step of the session's story. Every string here comes from the log: rendered as text only. */
export function ActionCard({ a }: { a: SessionActionView }) {
  const destructive = a.risk === "destructive";
  const cls = [styles.action, styles[`kind-${a.kind}`], destructive ? styles.destructive : ""].join(" ");
  const took = a.endedAt ? Date.parse(a.endedAt) - Date.parse(a.at) : null;
  return (
    <article className={cls} id={`action-${a.seq}`} data-testid="action" data-kind={a.kind} data-risk={a.risk ?? undefined}>
      <header className={styles.actionHead}>
        <a href={`#action-${a.seq}`} className={`mono ${styles.seq}`} title="Link to this step">
          #{a.seq}
        </a>
        <span className="mono muted">{formatUtc(a.at, false)}</span>
        <span className={styles.kind}>{KIND_LABEL[a.kind] ?? a.kind}</span>
        {a.tool ? <span className={`mono ${styles.tool}`}>{a.tool}</span> : null}
        {a.actor && a.actor !== "agent" ? <span className="faint">by {a.actor}</span> : null}
        {a.subagent ? (
          <span className="badge neutral" title="sub-agent">
            {a.subagent}
          </span>
        ) : null}
        {took !== null && took > 0 ? <span className="faint">{formatDuration(took)}</span> : null}
        {a.risk ? <RiskBadge risk={a.risk} /> : null}
      </header>

      {a.text ? <TextBlock text={a.text} truncated={a.textTruncated} /> : null}

      {a.kind === "tool_call" ? (
        <div className={styles.call}>
          {a.command ? (
            <pre className={`${styles.command} ${destructive ? styles.commandDestructive : ""}`} data-testid="command">
              <span className={styles.prompt} aria-hidden="true">
                ${" "}
              </span>
              {a.command}
            </pre>
          ) : a.inputText ? (
            <pre className={styles.input}>{a.inputText}</pre>
          ) : null}
          {a.commands.length > 0 ? (
            <ul className={styles.parsed} aria-label="Parsed commands">
              {keyedTexts(a.commands.map((c) => `${c.program}:${c.operation ?? ""}`)).map(({ key }, i) => {
                const c = a.commands[i];
                return (
                  <li key={key}>
                    <RiskBadge risk={c.risk} /> <span className="mono">{c.operation ?? c.program}</span>
                    {c.riskReason && c.riskReason !== c.program && !c.riskReason.endsWith(c.operation ?? "\u0000") ? (
                      <span className="muted">— {c.riskReason}</span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : null}
          <div className={styles.status}>
            {a.approval ? <ApprovalBadge approval={a.approval} risk={a.risk} /> : null}
            <Exit code={a.exitCode} isError={a.isError} />
            {a.cwd ? (
              <span className="faint mono" title="working directory">
                {a.cwd}
              </span>
            ) : null}
            {a.toolCallId ? (
              <span className="faint mono" title="tool call id">
                {a.toolCallId}
              </span>
            ) : null}
          </div>
          {a.output ? (
            <details className={styles.output}>
              <summary>
                Output{" "}
                <span className="faint">
                  ({lineCount(a.output)} lines{a.outputTruncated ? ", cut" : ""})
                </span>
              </summary>
              <pre className="raw short">{a.output}</pre>
            </details>
          ) : null}
          {a.links.length > 0 ? (
            <div className={styles.caused}>
              <div className={styles.causedHead}>
                CloudTrail API calls this caused <span className="faint">({a.linkTotal})</span>
              </div>
              <LinkedEvents links={a.links} total={a.linkTotal} />
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

function Exit({ code, isError }: { code: number | null; isError: boolean }) {
  const v = exitView(code, isError);
  return <span className={`${styles.exit} ${styles[`exit-${v.tone}`]}`}>{v.label}</span>;
}

function lineCount(s: string): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

function TextBlock({ text, truncated }: { text: string; truncated: boolean }) {
  if (text.length <= LONG_TEXT) return <div className={styles.text}>{text}</div>;
  return (
    <details className={styles.longText}>
      <summary>
        <span className={`${styles.text} ${styles.preview}`}>{text.slice(0, 400)}…</span>
        <span className="linklike">
          {" "}
          Show all ({text.length.toLocaleString("en-US")} characters{truncated ? ", cut" : ""})
        </span>
      </summary>
      <div className={styles.text}>{text}</div>
    </details>
  );
}
