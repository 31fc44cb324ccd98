import { z } from "zod";
import { RiskClass } from "./risk";

/**
 * A CloudTrail record after normalization: the single shape every CloudTrail format is turned into.
 * Produced by lib/cloudtrail (pure), stored by lib/ingest, read by correlation and the UI.
 */
export const NormalizedEvent = z.object({
  /** CloudTrail eventID; when a record has none, a deterministic `sha256:<hex>` id of its content. */
  eventId: z.string().min(1),
  /** Event time, milliseconds since the Unix epoch (UTC). */
  eventTime: z.number().int(),
  accountId: z.string().nullable(),
  region: z.string().nullable(),
  /** aws | aws-cn | aws-us-gov | … taken from ARNs, else from the region. */
  partition: z.string().nullable(),
  eventSource: z.string(),
  eventName: z.string(),
  eventType: z.string().nullable(),
  eventCategory: z.string().nullable(),
  /** userIdentity.arn (for AssumedRole: the assumed-role session ARN). */
  principalArn: z.string().nullable(),
  /** userIdentity.type: IAMUser, AssumedRole, Root, FederatedUser, AWSService, SAMLUser, … */
  principalType: z.string().nullable(),
  /** Assumed-role session name (last ARN segment of an assumed-role ARN). */
  sessionName: z.string().nullable(),
  /** The role (or user) the session came from: sessionContext.sessionIssuer.arn. */
  roleArn: z.string().nullable(),
  /** The person behind an SSO/federated/SAML session when the ARN or session name shows it, else an IAM user name. */
  humanName: z.string().nullable(),
  sourceIdentity: z.string().nullable(),
  accessKeyId: z.string().nullable(),
  userAgent: z.string().nullable(),
  sourceIp: z.string().nullable(),
  readOnly: z.boolean().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** false when the call failed (errorCode set and not a success code): classified but not executed. */
  executed: z.boolean(),
  requestId: z.string().nullable(),
  /** Affected resource identifiers: ARNs and names from resources[] and request/response identifiers. */
  resources: z.array(z.string()),
  risk: RiskClass,
  /** The untouched original CloudTrail record (inner record for lookup-events/EventBridge). */
  raw: z.record(z.string(), z.unknown()),
});
export type NormalizedEvent = z.infer<typeof NormalizedEvent>;
