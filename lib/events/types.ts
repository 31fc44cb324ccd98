import type { RiskClass } from "@/lib/model/risk";

export type { EventDetail, EventLinkSummary } from "./detail-schema";

/** One row of the event list (serializable: handed from server to client components as is). */
export type EventRow = {
  /** cloudtrail_event.id (int8) as a decimal string */
  id: string;
  eventId: string;
  /** ISO instant, UTC */
  eventTime: string;
  eventName: string;
  eventSource: string;
  principalArn: string | null;
  principalType: string | null;
  sessionName: string | null;
  humanName: string | null;
  risk: RiskClass;
  errorCode: string | null;
  region: string | null;
  accountId: string | null;
  /** the first few resources (see resourceCount for how many there are) */
  resources: string[];
  resourceCount: number;
  /** linked to an agent session */
  agentLinked: boolean;
  /** part of an incident (lib/events/sql.ts inIncidentSql) */
  inIncident: boolean;
};

export type EventPage = {
  rows: EventRow[];
  /** cursor of the page after this one, null on the last page */
  nextCursor: string | null;
  /** cursor of the page before this one, null on the first page */
  prevCursor: string | null;
};

export type FacetColumn = "account" | "region" | "service";
/** A dropdown value; count is null when it was not computed (values found by index skip scan). */
export type FacetValue = { value: string; count: number | null };
