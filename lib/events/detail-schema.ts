import { z } from "zod";
import { RiskClass } from "@/lib/model/risk";

/**
 * One event as GET /api/events/[eventId] returns it (and the drawer reads it): every normalized field, the source
 * file, linked agent actions and the original record. The client parses responses with this schema.
 */
export const EventLinkSummary = z.object({
  sessionId: z.string(),
  actionId: z.string().nullable(),
  confidence: z.string(),
  evidence: z.array(z.string()),
  tool: z.string().nullable(),
  command: z.string().nullable(),
  actionAt: z.string().nullable(),
});
export type EventLinkSummary = z.infer<typeof EventLinkSummary>;

export const EventDetail = z.object({
  id: z.string(),
  eventId: z.string(),
  eventTime: z.string(),
  accountId: z.string().nullable(),
  region: z.string().nullable(),
  partition: z.string().nullable(),
  eventSource: z.string(),
  eventName: z.string(),
  eventType: z.string().nullable(),
  eventCategory: z.string().nullable(),
  principalArn: z.string().nullable(),
  principalType: z.string().nullable(),
  sessionName: z.string().nullable(),
  roleArn: z.string().nullable(),
  humanName: z.string().nullable(),
  sourceIdentity: z.string().nullable(),
  accessKeyId: z.string().nullable(),
  userAgent: z.string().nullable(),
  sourceIp: z.string().nullable(),
  readOnly: z.boolean().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  executed: z.boolean(),
  requestId: z.string().nullable(),
  resources: z.array(z.string()),
  risk: RiskClass,
  contentHash: z.string(),
  recordIndex: z.number().int(),
  ingestedAt: z.string(),
  source: z.object({ id: z.string(), fileName: z.string() }).nullable(),
  links: z.array(EventLinkSummary),
  raw: z.unknown(),
});
export type EventDetail = z.infer<typeof EventDetail>;

export const EventDetailResponse = z.object({ event: EventDetail });

/** Route param of /api/events/[eventId]: a CloudTrail eventID (UUID-like) or a `sha256:<hex>` content id. */
export const EventIdParam = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, "not an event id");
