import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { EventDrawer } from "@/components/events/event-drawer";
import { PagerLinks } from "@/components/pager-links";
import { ActionCard } from "@/components/sessions/action-card";
import { LinkedEvents } from "@/components/sessions/linked-events";
import { ModeBadge } from "@/components/sessions/mode-badge";
import { SessionHeader } from "@/components/sessions/session-header";
import { SessionProvenance } from "@/components/sessions/session-provenance";
import styles from "@/components/sessions/sessions.module.css";
import { requireUser } from "@/lib/auth/require-user";
import { readStore } from "@/lib/db/read";
import { formatDuration, formatUtc } from "@/lib/format";
import { OffsetParam } from "@/lib/http/search-params";
import { isUuid } from "@/lib/ids";
import {
  ACTIONS_PAGE_SIZE,
  countSessionActions,
  getSessionDetail,
  listSessionActions,
  SESSION_STEP_FILTERS,
  type SessionStepFilter,
} from "@/lib/sessions/queries";
import { MODE_HINT, modeLevel } from "@/lib/sessions/view-model";

export const metadata: Metadata = { title: "Session" };

const Params = z.object({ offset: OffsetParam, show: z.enum(SESSION_STEP_FILTERS).catch("all").default("all") });

const SHOW_LABEL: Record<SessionStepFilter, string> = {
  all: "All steps",
  commands: "Only commands",
  mutating: "Only mutating",
  linked: "Only linked to AWS calls",
};

function stepsHref(id: string, show: SessionStepFilter, offset = 0): string {
  const sp = new URLSearchParams();
  if (show !== "all") sp.set("show", show);
  if (offset) sp.set("offset", String(offset));
  const q = sp.toString();
  return `/sessions/${id}${q ? `?${q}` : ""}`;
}

export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser("data:read");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const sp = await searchParams;
  const { offset, show } = Params.parse({ offset: sp.offset, show: Array.isArray(sp.show) ? sp.show[0] : sp.show });
  const store = await readStore(user);
  const [s, actions, shown] = await Promise.all([
    getSessionDetail(store, id),
    listSessionActions(store, id, { offset, show }),
    countSessionActions(store, id, show),
  ]);
  if (!s) notFound();

  return (
    <>
      <div className="page-header">
        <h1>
          {s.kind} session <span className={`mono muted ${styles.titleId}`}>{s.externalId}</span>
        </h1>
        <ModeBadge mode={s.mode} policy={s.approvalPolicy} />
        {modeLevel(s.mode) === "unknown" ? (
          <span className={styles.modeNote} data-testid="mode-unknown-note">
            mode unknown: {MODE_HINT.unknown}
          </span>
        ) : null}
        <span className="sub">
          {s.user ? `${s.user}${s.host ? ` @ ${s.host}` : ""} · ` : ""}
          {s.startedAt ? `${formatUtc(s.startedAt, false)} UTC` : "start unknown"}
          {s.durationMs !== null ? ` · ${formatDuration(s.durationMs)}` : ""}
        </span>
        <span className="actions">
          <Link href="/sessions" className="btn">
            All sessions
          </Link>
        </span>
      </div>

      {s.incidentRefs.length > 0 ? (
        <div className="notice error" data-testid="session-incidents">
          <b>This session caused {s.incidentRefs.length === 1 ? "an incident" : `${s.incidentRefs.length} incidents`}:</b>
          <ul>
            {s.incidentRefs.map((i) => (
              <li key={i.id}>
                <Link href={`/incidents/${i.id}`}>{i.title}</Link>{" "}
                <span className="mono">
                  · {formatUtc(i.startedAt, false)} UTC · {i.status}
                  {i.durationMinutes !== null ? ` · ${formatDuration(i.durationMinutes * 60_000)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <SessionHeader s={s} />
      <SessionProvenance sessionId={s.id} />

      {s.blockedAttempts.length > 0 ? (
        <section className="panel" data-testid="blocked-attempts">
          <div className="panel-head">
            <h2>Guardrails that held</h2>
            <span className="muted">destructive calls the agent attempted that AWS denied — nothing was changed</span>
          </div>
          <ul className={styles.links}>
            {s.blockedAttempts.map((b) => (
              <li key={b.eventId}>
                <div className={styles.linkMain}>
                  <span className={styles.guardrail}>guardrail held</span>
                  <span className="mono">{b.eventName}</span>
                  <span className="error-code">{b.errorCode}</span>
                  <span className="mono faint">{formatUtc(b.eventTime, false)} UTC</span>
                  {b.actionSeq !== null ? <a href={`#action-${b.actionSeq}`}>step #{b.actionSeq}</a> : null}
                </div>
                {b.command ? <pre className={`${styles.command} ${styles.gapTop}`}>{b.command}</pre> : null}
                {b.errorMessage ? <div className={`muted ${styles.errorText}`}>{b.errorMessage}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-label="What the agent did">
        <div className="panel-head">
          <h2>What the agent did</h2>
          <span className="muted">
            {s.actionCount.toLocaleString("en-US")} {s.actionCount === 1 ? "step" : "steps"} in order: prompts, plans, tool calls with their
            approval, result and the AWS calls they caused
          </span>
        </div>
        <nav className={`filters-row ${styles.stepFilter}`} aria-label="Which steps" data-testid="step-filter">
          {SESSION_STEP_FILTERS.map((f) => (
            <Link
              key={f}
              href={stepsHref(id, f)}
              className={`chip${show === f ? " on" : ""}`}
              aria-current={show === f ? "true" : undefined}
              data-testid={`show-${f}`}
            >
              {SHOW_LABEL[f]}
            </Link>
          ))}
          {show !== "all" ? (
            <span className="muted">
              {shown.toLocaleString("en-US")} of {s.actionCount.toLocaleString("en-US")} steps; the rest are hidden
            </span>
          ) : null}
        </nav>
        {actions.length === 0 ? <div className="empty">{offset > 0 ? "No more steps." : "This session has no recorded steps."}</div> : null}
        <div className={styles.story} data-testid="session-story">
          {actions.map((a) => (
            <ActionCard key={a.id} a={a} />
          ))}
        </div>
        <PagerLinks total={shown} offset={offset} limit={ACTIONS_PAGE_SIZE} href={(o) => stepsHref(id, show, o)} />
      </section>

      {s.sessionLinks.length > 0 ? (
        <details className="panel" data-testid="session-links" open={s.sessionLinkTotal <= 5}>
          <summary className={`panel-head ${styles.clickable}`}>
            <h2>Caused by the session, no single call ({s.sessionLinkTotal.toLocaleString("en-US")})</h2>
            <span className="muted">
              CloudTrail calls that match the session&apos;s identity and time, but no one tool call explains them
            </span>
          </summary>
          <LinkedEvents links={s.sessionLinks} total={s.sessionLinkTotal} />
        </details>
      ) : null}

      <EventDrawer />
    </>
  );
}
