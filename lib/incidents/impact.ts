/**
 * Customer impact of an incident, measured from CloudTrail. Pure: the calls on the affected resources in, the
 * numbers and the series out (the database read is lib/incidents/impact-queries.ts).
 *
 *  - customer-facing call: a call on an affected resource made by neither a person, nor an agent session, nor
 *    CloudFormation on someone's behalf — the application's own traffic (canaries, services, tasks);
 *  - failed: it returned an error code;
 *  - the incident: trigger → recovery (or the last call seen while open); the baseline: the same traffic in the
 *    `baselineMs` before the trigger ("normal" error rate);
 *  - recovery attempts: create/restore/update calls on the affected resources during the incident that failed,
 *    in time order, with their errors — why a recovery took long.
 */

export interface ImpactCall {
  eventId: string;
  /** epoch ms */
  at: number;
  eventName: string;
  errorCode: string | null;
  errorMessage: string | null;
  /** who called: a person's name, a role name or the principal */
  caller: string;
  /** a person (console, SSO, IAM user) made it */
  human: boolean;
  /** linked to an agent session */
  agent: boolean;
  /** CloudFormation (or another service) invoked it on someone's behalf */
  invokedByService: boolean;
  readOnly: boolean | null;
}

export interface ImpactInput {
  calls: readonly ImpactCall[];
  triggerAt: number;
  /** recovery time; null while open (then the last call counts as the end) */
  endAt: number | null;
  /** bars of the series over the incident */
  buckets?: number;
  /** how far before the trigger "normal traffic" is measured */
  baselineMs?: number;
}

export interface ImpactBucket {
  t: number;
  end: number;
  calls: number;
  failed: number;
  /** failed / calls (0 when no call) */
  rate: number;
}

export interface RecoveryAttempt {
  eventId: string;
  at: number;
  eventName: string;
  caller: string;
  errorCode: string;
  errorMessage: string | null;
}

export interface CustomerImpact {
  from: number;
  to: number;
  /** customer-facing calls on the affected resources during the incident */
  calls: number;
  failed: number;
  errorRate: number;
  baseline: { from: number; to: number; calls: number; failed: number; errorRate: number };
  byCode: { code: string; count: number }[];
  byCaller: { caller: string; count: number }[];
  series: ImpactBucket[];
  recoveryAttempts: RecoveryAttempt[];
}

export const DEFAULT_BASELINE_MS = 6 * 3_600_000;
const RECOVERY_NAME = /^(Create|Restore|Put|Update|Import|Run|Start|Deploy|Publish|Recreate)/;

export function isCustomerFacing(c: ImpactCall): boolean {
  return !c.human && !c.agent && !c.invokedByService;
}

const rate = (failed: number, calls: number) => (calls > 0 ? failed / calls : 0);

function countBy(items: readonly string[]): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const k of items) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

export function measureImpact(input: ImpactInput): CustomerImpact {
  const baselineMs = input.baselineMs ?? DEFAULT_BASELINE_MS;
  const from = input.triggerAt;
  const lastAt = input.calls.reduce((m, c) => Math.max(m, c.at), from);
  const to = Math.max(from + 1, input.endAt ?? lastAt);
  const customer = input.calls.filter(isCustomerFacing);
  const during = customer.filter((c) => c.at >= from && c.at <= to);
  const before = customer.filter((c) => c.at >= from - baselineMs && c.at < from);
  const failed = during.filter((c) => c.errorCode);
  const baseFailed = before.filter((c) => c.errorCode).length;

  const n = Math.max(1, Math.floor(input.buckets ?? 48));
  const step = Math.max(1, Math.ceil((to - from) / n));
  const series: ImpactBucket[] = Array.from({ length: n }, (_, i) => ({
    t: from + i * step,
    end: from + (i + 1) * step,
    calls: 0,
    failed: 0,
    rate: 0,
  }));
  for (const c of during) {
    const b = series[Math.min(n - 1, Math.floor((c.at - from) / step))];
    b.calls++;
    if (c.errorCode) b.failed++;
  }
  for (const b of series) b.rate = rate(b.failed, b.calls);

  const recoveryAttempts = input.calls
    .filter((c) => c.at >= from && c.at <= to && c.errorCode && c.readOnly !== true && RECOVERY_NAME.test(c.eventName))
    .filter((c) => !isCustomerFacing(c))
    .sort((a, b) => a.at - b.at || (a.eventId < b.eventId ? -1 : 1))
    .map((c) => ({
      eventId: c.eventId,
      at: c.at,
      eventName: c.eventName,
      caller: c.caller,
      errorCode: c.errorCode!,
      errorMessage: c.errorMessage,
    }));

  return {
    from,
    to,
    calls: during.length,
    failed: failed.length,
    errorRate: rate(failed.length, during.length),
    baseline: { from: from - baselineMs, to: from, calls: before.length, failed: baseFailed, errorRate: rate(baseFailed, before.length) },
    byCode: countBy(failed.map((c) => c.errorCode!)).map(({ key, count }) => ({ code: key, count })),
    byCaller: countBy(failed.map((c) => c.caller)).map(({ key, count }) => ({ caller: key, count })),
    series,
    recoveryAttempts,
  };
}

/** "233 failed customer-facing calls over 13 h" (singular/plural right; hours rounded, minutes under 2 h). */
export function impactHeadline(i: Pick<CustomerImpact, "failed" | "from" | "to">): string {
  const mins = Math.round((i.to - i.from) / 60_000);
  const span = mins >= 120 ? `${Math.round(mins / 60)} h` : `${mins} min`;
  return `${i.failed.toLocaleString("en-US")} failed customer-facing call${i.failed === 1 ? "" : "s"} over ${span}`;
}
