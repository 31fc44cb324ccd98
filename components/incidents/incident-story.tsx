import Link from "next/link";
import { OpenEvent } from "@/components/sessions/open-event";
import { formatUtc } from "@/lib/format";
import type { IncidentStory, StoryStep } from "@/lib/incidents/story";
import { actionHref } from "@/lib/timeline/view-model";
import styles from "./story.module.css";

const QUOTE_MAX = 600;
const clip = (s: string | null) => (s && s.length > QUOTE_MAX ? `${s.slice(0, QUOTE_MAX - 1)}…` : (s ?? ""));

function StepLink({ sessionId, step, children }: { sessionId: string; step: StoryStep; children: React.ReactNode }) {
  return (
    <Link href={actionHref(sessionId, step.seq)} className={styles.stepLink}>
      {children}
    </Link>
  );
}

/**
 * Why it happened, quoted from the agent's log: the prompt → the plan step that decided → the command → the API
 * calls it caused. Log text is rendered as React text only.
 */
export function IncidentStoryPanel({ story, sessionId }: { story: IncidentStory; sessionId: string }) {
  const { prompt, plan, decision, command, calls, callsTotal } = story;
  return (
    <section className="panel" aria-label="Why it happened" data-testid="incident-story">
      <div className="panel-head">
        <h2>Why it happened</h2>
        <span className="muted">quoted from the agent&apos;s log; each step links to the session</span>
      </div>
      <ol className={styles.chain}>
        <li className={styles.step}>
          <span className={styles.label}>1 · Prompt</span>
          {prompt ? (
            <>
              <blockquote className={styles.quote} data-testid="story-prompt">
                {clip(prompt.text)}
              </blockquote>
              <StepLink sessionId={sessionId} step={prompt}>
                step #{prompt.seq} · {formatUtc(prompt.at, false)} UTC
              </StepLink>
            </>
          ) : (
            <p className="faint">No prompt recorded before the trigger.</p>
          )}
        </li>
        <li className={styles.step}>
          <span className={styles.label}>2 · Plan / decision</span>
          {plan ? (
            <>
              {decision ? (
                <blockquote className={`${styles.quote} ${styles.decision}`} data-testid="story-decision">
                  {decision}
                </blockquote>
              ) : null}
              <details className={styles.more}>
                <summary>the whole plan step</summary>
                <blockquote className={styles.quote} data-testid="story-plan">
                  {clip(plan.text)}
                </blockquote>
              </details>
              <StepLink sessionId={sessionId} step={plan}>
                step #{plan.seq} · {formatUtc(plan.at, false)} UTC
              </StepLink>
            </>
          ) : (
            <p className="faint">No plan or reasoning recorded before the trigger.</p>
          )}
        </li>
        <li className={styles.step}>
          <span className={styles.label}>3 · Command</span>
          {command ? (
            <>
              <code className={styles.command} data-testid="story-command">
                {command.command ?? command.tool ?? "(tool call)"}
              </code>
              <StepLink sessionId={sessionId} step={command}>
                step #{command.seq} · {formatUtc(command.at, false)} UTC
              </StepLink>
            </>
          ) : (
            <p className="faint">The trigger is not linked to an agent step.</p>
          )}
        </li>
        <li className={styles.step}>
          <span className={styles.label}>4 · API calls{callsTotal ? ` (${callsTotal.toLocaleString("en-US")})` : ""}</span>
          {calls.length ? (
            <ul className={styles.calls}>
              {calls.map((c) => (
                <li key={c.eventId}>
                  <span className="mono faint">{formatUtc(c.eventTime, false).slice(11)}</span>{" "}
                  <OpenEvent eventId={c.eventId}>
                    <b>{c.eventName}</b>
                  </OpenEvent>{" "}
                  <span className="faint">{c.eventSource.replace(/\.amazonaws\.com$/, "")}</span>
                  {c.resources[0] ? <span className="mono"> {c.resources[0]}</span> : null}
                  {c.errorCode ? <span className="error-code"> {c.errorCode}</span> : null}
                </li>
              ))}
              {callsTotal > calls.length ? <li className="faint">… and {callsTotal - calls.length} more in the call list below</li> : null}
            </ul>
          ) : (
            <p className="faint">No API call linked to this step.</p>
          )}
        </li>
      </ol>
    </section>
  );
}
