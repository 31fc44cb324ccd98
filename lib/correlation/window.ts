import type { CorrelationAction, CorrelationSession } from "./types";

/** An event may be recorded slightly before the tool call's own timestamp (clock skew, log flush order). */
export const ACTION_LEAD_MS = 5_000;
/** CloudTrail eventTime may trail the command's end (retries, eventual delivery of the call's timestamp). */
export const ACTION_LAG_MS = 60_000;
/** A tool call without an end time is assumed to run until the next action starts, at most this long. */
export const OPEN_ACTION_CAP_MS = 15 * 60_000;
/**
 * Sessions whose log carries no times (Claude Code headless output) have estimated times: each tool call's window
 * is widened by this much on both sides, and links from them get one confidence level less.
 */
export const APPROXIMATE_SLACK_MS = 10 * 60_000;
/** How long after a stack operation CloudFormation may still act on the session's behalf (cascade deletes). */
export const STACK_CASCADE_MS = 60 * 60_000;

export interface TimeWindow {
  /** Inclusive, ms since epoch. */
  from: number;
  /** Inclusive, ms since epoch. */
  to: number;
}

/**
 * When the action ran: `[at, end]`. `end` is `endedAt`, or — when the log has no end — the start of the next
 * action of the session, capped at `at + 15 min` (and `at + 15 min` when it is the last action).
 * An `endedAt` before `at` (bad clock) is treated as `at`.
 */
export function actionSpan(action: CorrelationAction, nextActionAt: number | null): TimeWindow {
  if (action.endedAt != null) return { from: action.at, to: Math.max(action.at, action.endedAt) };
  const cap = action.at + OPEN_ACTION_CAP_MS;
  const next = nextActionAt != null && nextActionAt > action.at ? Math.min(nextActionAt, cap) : cap;
  return { from: action.at, to: next };
}

/** The window of CloudTrail eventTime a tool call can explain: `[start − 5 s, end + 60 s]`, both ends inclusive. */
export function actionEventWindow(action: CorrelationAction, nextActionAt: number | null, approximate = false): TimeWindow {
  const span = actionSpan(action, nextActionAt);
  const slack = approximate ? APPROXIMATE_SLACK_MS : 0;
  return { from: span.from - ACTION_LEAD_MS - slack, to: span.to + ACTION_LAG_MS + slack };
}

/** Actions sorted by time (stable on input order), each with its event window. */
export function actionWindows(session: CorrelationSession): { action: CorrelationAction; window: TimeWindow }[] {
  const sorted = session.actions.map((a, i) => ({ a, i })).sort((x, y) => x.a.at - y.a.at || x.i - y.i);
  const next: (number | null)[] = new Array(sorted.length).fill(null);
  for (let k = sorted.length - 2; k >= 0; k--) {
    const later = sorted[k + 1].a.at;
    next[k] = later > sorted[k].a.at ? later : next[k + 1];
  }
  const approximate = !!session.timesApproximate;
  return sorted.map(({ a }, k) => ({ action: a, window: actionEventWindow(a, next[k], approximate) }));
}

/** Session start/end as far as known: the recorded bounds, else the first/last action times. */
export function sessionSpan(session: CorrelationSession): TimeWindow | null {
  const times = session.actions.flatMap((a) => (a.endedAt != null ? [a.at, a.endedAt] : [a.at]));
  const from = session.startedAt ?? (times.length ? Math.min(...times) : null);
  const to = session.endedAt ?? (times.length ? Math.max(...times) : null);
  if (from == null || to == null) return null;
  return { from, to: Math.max(from, to) };
}

/** Whether the session ran a CloudFormation stack operation whose cascade CloudFormation performs later. */
export function hasStackOperation(session: CorrelationSession): boolean {
  return session.actions.some((a) => a.commands.some((c) => c.aws?.service === "cloudformation" && STACK_OPS.has(c.aws.operation)));
}

export const STACK_OPS = new Set(["delete-stack", "create-stack", "update-stack", "deploy", "execute-change-set"]);

/**
 * The exact `event_time` range the DB layer must load as candidates for one session:
 * `[session start − 5 s, max(session end, last action window end) + 60 s]`, extended by 60 min when the session
 * ran a CloudFormation stack operation (so resources CloudFormation deletes or creates on its behalf are seen).
 * Null when the session has no time at all (nothing can be correlated).
 */
export function candidateEventWindow(session: CorrelationSession): TimeWindow | null {
  const span = sessionSpan(session);
  if (!span) return null;
  let to = span.to + ACTION_LAG_MS;
  for (const { window } of actionWindows(session)) to = Math.max(to, window.to);
  if (hasStackOperation(session)) to += STACK_CASCADE_MS;
  const slack = session.timesApproximate ? APPROXIMATE_SLACK_MS : 0;
  return { from: span.from - ACTION_LEAD_MS - slack, to: to + slack };
}

export function inWindow(t: number, w: TimeWindow): boolean {
  return t >= w.from && t <= w.to;
}

/** Index of the first element of `sorted` (by `time`) with time ≥ t. */
export function lowerBound<T>(sorted: readonly T[], t: number, time: (x: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time(sorted[mid]) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
