import { z } from "zod";
import { NormalizedEvent } from "@/lib/model/cloudtrail-event";

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

/** The normalized event (lib/model/cloudtrail-event.ts is the source of truth), as JSON: times as ISO strings. */
export const EventDetail = NormalizedEvent.omit({ eventTime: true, raw: true }).extend({
  id: z.string(),
  eventTime: z.string(),
  recordIndex: z.number().int(),
  ingestedAt: z.string(),
  /** sha256 of the record's canonical JSON (see contentHash in lib/cloudtrail/canonical.ts), computed on read. */
  contentHash: z.string(),
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
