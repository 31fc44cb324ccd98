import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AnnotationsPanel } from "@/components/annotations/annotations-panel";
import { EventDrawer } from "@/components/events/event-drawer";
import { BlastRadius } from "@/components/incidents/blast-radius";
import { CustomerImpactPanel } from "@/components/incidents/customer-impact";
import { Findings } from "@/components/incidents/findings";
import { IncidentStatusBadge } from "@/components/incidents/incident-badges";
import { BlockedAttempts, DestructiveCalls } from "@/components/incidents/incident-calls";
import { IncidentHero } from "@/components/incidents/incident-hero";
import { IncidentStoryPanel } from "@/components/incidents/incident-story";
import styles from "@/components/incidents/incidents.module.css";
import { PhasePanel } from "@/components/incidents/phase-panel";
import { IncidentTimeline } from "@/components/incidents/timeline/incident-timeline";
import { TriggerPanel } from "@/components/incidents/trigger-panel";
import { AnsweringSafeguards } from "@/components/safeguards/answering-safeguards";
import { annotatedEventFacts, listAnnotations, tagSuggestions } from "@/lib/annotations/queries";
import { annotationTimelineMarkers, keyEvents } from "@/lib/annotations/timeline";
import { actorCan } from "@/lib/auth/actor";
import { requireUser } from "@/lib/auth/require-user";
import { readStore } from "@/lib/db/read";
import { eventsHref } from "@/lib/events/url";
import { incidentImpact, incidentTeam } from "@/lib/incidents/impact-queries";
import { getIncidentView, isIncidentId } from "@/lib/incidents/queries";
import { incidentStory } from "@/lib/incidents/story-queries";
import { incidentTimeline } from "@/lib/timeline/queries";
import { phaseMarkers } from "@/lib/timeline/view-model";
import { rangeFromParams, windowPresets } from "@/lib/timeline/window";

export const metadata: Metadata = { title: "Incident" };

/** Buckets of the first timeline render (the client asks for its own width's worth when zooming). */
const INITIAL_BUCKETS = 200;

export default async function IncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser("data:read");
  const { id } = await params;
  if (!isIncidentId(id)) notFound();
  const sp = await searchParams;
  const store = await readStore(user);
  const v = await getIncidentView(store, id);
  if (!v) notFound();

  const presets = windowPresets({
    startedAt: v.startedAt,
    endedAt: v.endedAt,
    sessionStartedAt: v.session?.startedAt ?? null,
    sessionEndedAt: v.session?.endedAt ?? null,
    phaseTimes: v.phases.map((p) => p.at),
  });
  const one = (x: string | string[] | undefined) => (Array.isArray(x) ? x[0] : x);
  // opens on the story: the agent session (else the minutes around the trigger); the whole incident is one click away
  const opening = presets.find((x) => x.id === "session") ?? presets.find((x) => x.id === "trigger") ?? presets[0];
  const range = rangeFromParams(one(sp.from), one(sp.to), opening.range);
  const team = await incidentTeam(store, v);
  const [timeline, story, impact] = await Promise.all([
    incidentTimeline(store, { sessionId: v.session?.id ?? null, accountId: v.accountId, team }, range, INITIAL_BUCKETS),
    incidentStory(store, v),
    incidentImpact(store, v),
  ]);
  const d = v.detail;
  const annotations = await listAnnotations(store, v.id);
  const annotated = await annotatedEventFacts(store, annotations);
  const key = keyEvents(d, annotated, v.phases);
  const keyTime = new Map(key.map((e) => [e.eventId, e.eventTime]));
  const outage = { from: Date.parse(v.startedAt), to: v.endedAt ? Date.parse(v.endedAt) : null };

  return (
    <>
      <div className="page-header">
        <IncidentStatusBadge status={v.status} />
        <h1 data-testid="incident-title">{v.title}</h1>
        <span className="actions">
          {v.session ? (
            <Link href={`/sessions/${v.session.id}`} className="btn">
              Agent session
            </Link>
          ) : null}
          <Link href={eventsHref({}, { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() })} className="btn">
            Events in range
          </Link>
          <Link href={`/postmortems/${v.id}`} className="btn" data-testid="open-postmortem">
            Post-mortem
          </Link>
          <Link href="/incidents" className="btn">
            All incidents
          </Link>
        </span>
      </div>
      <div className="sub muted subline">
        {v.accountId ? (
          <>
            account <span className="mono">{v.accountId}</span>
          </>
        ) : null}
        {v.region ? (
          <>
            {" "}
            · region <span className="mono">{v.region}</span>
          </>
        ) : null}
        {d ? (
          <>
            {" "}
            · agent <b>{d.agent.kind}</b>
          </>
        ) : null}
        {v.session?.user ? (
          <>
            {" "}
            · run by {v.session.user}
            {v.session.host ? ` on ${v.session.host}` : ""}
          </>
        ) : null}
      </div>

      {v.detailError ? <div className="notice error">{v.detailError}</div> : null}
      {v.reproduced ? null : <div className="notice">No longer reproduced: {v.notReproducedReason}</div>}

      <section className="panel">
        <IncidentHero v={v} />
      </section>

      <div className={styles.twoCol}>
        <div>
          <TriggerPanel v={v} />
          {d ? <BlockedAttempts d={d} /> : null}
        </div>
        <Findings v={v} />
      </div>

      {story && v.session ? <IncidentStoryPanel story={story} sessionId={v.session.id} /> : null}

      {impact ? <CustomerImpactPanel impact={impact} /> : null}

      <PhasePanel incidentId={v.id} phases={v.phases} canEdit={actorCan(user, "incidents:edit")} />

      <AnnotationsPanel
        incidentId={v.id}
        annotations={annotations}
        events={key}
        tags={await tagSuggestions(store)}
        canWrite={actorCan(user, "annotations:write")}
      />

      <IncidentTimeline
        incidentId={v.id}
        sessionId={v.session?.id ?? null}
        initial={timeline}
        presets={presets}
        phases={[...phaseMarkers(v.phases), ...annotationTimelineMarkers(annotations, (id) => keyTime.get(id) ?? null)].sort(
          (a, b) => a.at - b.at,
        )}
        incident={outage}
      />

      {d ? (
        <>
          <BlastRadius d={d} />
          <DestructiveCalls d={d} />
        </>
      ) : null}

      <AnsweringSafeguards incidentId={v.id} />
      <EventDrawer />
    </>
  );
}
