import { z } from "zod";
import { RiskClass } from "@/lib/model/risk";
import { EVENT_LANES, type TimelineData, type TimelineEventPage } from "./types";

/** Client-side checks of the incident timeline API responses (the browser parses before it renders). */

const EventRow = z.object({
  id: z.string(),
  eventId: z.string(),
  eventTime: z.string(),
  eventName: z.string(),
  eventSource: z.string(),
  principalArn: z.string().nullable(),
  humanName: z.string().nullable(),
  risk: RiskClass,
  errorCode: z.string().nullable(),
  executed: z.boolean(),
  resources: z.array(z.string()),
  lane: z.enum(EVENT_LANES),
  actionId: z.string().nullable(),
});

export const TimelineEventPageSchema: z.ZodType<TimelineEventPage> = z.object({
  rows: z.array(EventRow),
  nextCursor: z.string().nullable(),
  total: z.number().nullable(),
});

const Bucket = z.object({ t: z.number(), end: z.number(), count: z.number(), destructive: z.number() });
const lane = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number(), items: z.array(item).nullable(), buckets: z.array(Bucket).nullable() });
const EventItem = z.object({
  id: z.string(),
  at: z.number(),
  name: z.string(),
  source: z.string(),
  risk: RiskClass,
  errorCode: z.string().nullable(),
  executed: z.boolean(),
  principal: z.string().nullable(),
  humanName: z.string().nullable(),
  actionId: z.string().nullable(),
});
const AgentItem = z.object({
  id: z.string(),
  actionId: z.string(),
  seq: z.number(),
  kind: z.string(),
  at: z.number(),
  end: z.number().nullable(),
  tool: z.string().nullable(),
  label: z.string(),
  risk: RiskClass.nullable(),
  approval: z.enum(["approved", "rejected", "none"]).nullable(),
  links: z.array(z.string()),
});

export const TimelineDataSchema: z.ZodType<TimelineData> = z.object({
  from: z.number(),
  to: z.number(),
  bucketMs: z.number(),
  agent: lane(AgentItem),
  linked: lane(EventItem),
  team: lane(EventItem),
  human: lane(EventItem),
  other: lane(EventItem),
  linkTimes: z.record(z.string(), z.number()),
  density: z.array(
    z.object({
      t: z.number(),
      end: z.number(),
      linked: z.number(),
      team: z.number(),
      human: z.number(),
      other: z.number(),
      destructive: z.number(),
    }),
  ),
});
