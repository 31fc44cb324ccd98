import { isPlaceholder, SECRET_KEY_NAME } from "@/lib/agent-logs/secret-patterns";

/**
 * CloudTrail records carry secrets in a few fields: passwords in request parameters (CreateLoginProfile,
 * ModifyDBInstance masterUserPassword, PutSecretValue secretString…) and session tokens in response elements
 * (AssumeRole / GetSessionToken credentials). Their values are replaced with `[REDACTED:cloudtrail-secret]` before
 * the record is stored. Only values under secret-named keys are touched: identifiers the correlation needs
 * (accessKeyId, ARNs) are kept.
 */

/** Cheap test on the record's JSON text: most records hold no secret-named key and are not walked at all. */
const MAYBE_SECRET =
  /"[A-Za-z0-9_]*(?:password|passwd|passphrase|secret|token|private_?key|access_?key|api_?key|credential)[A-Za-z]*"\s*:\s*"/i;

/** Pagination cursors end in "token" and are not secrets. */
const NOT_SECRET_KEY = /^(?:next|pagination|continuation|starting|page|client_?request|idempotency)_?token$/i;

/** Values CloudTrail itself already hid. */
const ALREADY_HIDDEN = /^HIDDEN_DUE_TO_SECURITY_REASONS$/;

const SECRET_FIELDS = ["requestParameters", "responseElements", "additionalEventData", "serviceEventDetails"] as const;

/**
 * Redacts secret values of one record in place. Returns how many values were replaced (0: the record is untouched
 * and its original JSON text may be stored as it is).
 */
export function redactCloudTrailRecord(record: Record<string, unknown>, rawJson?: string): number {
  if (rawJson !== undefined && !MAYBE_SECRET.test(rawJson)) return 0;
  let count = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== "object" || depth > 64) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i], depth + 1);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      if (typeof x === "string") {
        if (SECRET_KEY_NAME.test(k) && !NOT_SECRET_KEY.test(k) && !isPlaceholder(x) && !ALREADY_HIDDEN.test(x)) {
          o[k] = "[REDACTED:cloudtrail-secret]";
          count++;
        }
      } else o[k] = walk(x, depth + 1);
    }
    return o;
  };
  for (const f of SECRET_FIELDS) if (record[f] && typeof record[f] === "object") walk(record[f], 0);
  return count;
}
