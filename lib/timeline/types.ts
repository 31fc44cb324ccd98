import type { RiskClass } from "@/lib/model/risk";

/** What the incident timeline receives from the server (serializable). Times are epoch ms. */

export const EVENT_LANES = ["linked", "team", "human", "other"] as const;
export type EventLane = (typeof EVENT_LANES)[number];
export type LaneKey = "agent" | EventLane;

export const LANE_LABEL: Record<LaneKey, string> = {
  agent: "Agent actions",
  linked: "Agent-linked calls",
  team: "People on the incident",
  human: "Other people",
  other: "Other API calls",
};

export interface AgentTimelineItem {
  /** "a:<action id>" */
  id: string;
  actionId: string;
  seq: number;
  kind: string;
  at: number;
  end: number | null;
  tool: string | null;
  /** command line or the first words of a prompt/plan (log text: render as text only) */
  label: string;
  risk: RiskClass | null;
  approval: "approved" | "rejected" | "none" | null;
  /** eventIds of the API calls this action caused (first 100) */
  links: string[];
}

export interface EventTimelineItem {
  /** the CloudTrail eventID */
  id: string;
  at: number;
  name: string;
  source: string;
  risk: RiskClass;
  errorCode: string | null;
  executed: boolean;
  principal: string | null;
  humanName: string | null;
  /** for agent-linked calls: the action that caused it (null: a session-level link) */
  actionId: string | null;
}

export interface LaneBucket {
  t: number;
  end: number;
  count: number;
  destructive: number;
}

/** A lane either as items (few enough to draw) or as counts per bucket (too many to send). */
export interface LaneData<T> {
  total: number;
  items: T[] | null;
  buckets: LaneBucket[] | null;
}

export interface DensityRow {
  t: number;
  end: number;
  linked: number;
  /** calls by people who touched the affected resources during the incident */
  team: number;
  human: number;
  other: number;
  destructive: number;
}

export interface TimelineData {
  from: number;
  to: number;
  bucketMs: number;
  agent: LaneData<AgentTimelineItem>;
  linked: LaneData<EventTimelineItem>;
  team: LaneData<EventTimelineItem>;
  human: LaneData<EventTimelineItem>;
  other: LaneData<EventTimelineItem>;
  /** times of linked events that agent items point at, for when the linked lane is bucketed */
  linkTimes: Record<string, number>;
  density: DensityRow[];
}

/** One row of the incident's event list (GET /api/incidents/[id]/events). */
export interface TimelineEventRow {
  /** cloudtrail_event.id */
  id: string;
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  principalArn: string | null;
  humanName: string | null;
  risk: RiskClass;
  errorCode: string | null;
  executed: boolean;
  resources: string[];
  lane: EventLane;
  actionId: string | null;
}

export interface TimelineEventPage {
  rows: TimelineEventRow[];
  nextCursor: string | null;
  total: number | null;
}
