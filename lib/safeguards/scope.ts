import type { ScopeAction, ScopeEvent, ScopeSession, ScopeTarget } from "./types";

/** Pure scope tests shared by the verifiers (queries.ts narrows with SQL first; these are the exact rules). */

export function rolledOut(t: ScopeTarget, now: number): boolean {
  return t.rolloutAt !== null && t.rolloutAt <= now;
}

export function sessionInScope(t: ScopeTarget, s: ScopeSession, accountOfSession: string | null): boolean {
  if (t.rolloutAt === null) return false;
  const last = s.endedAt ?? s.actions.at(-1)?.at ?? s.startedAt;
  if (last === null || last < t.rolloutAt) return false;
  if (t.agentKinds.length && !t.agentKinds.includes(s.kind)) return false;
  if (accountOfSession && accountOfSession !== t.account) return false;
  const region = s.awsIdentity?.region ?? null;
  if (t.regions.length && region && !t.regions.includes(region)) return false;
  if (t.members.length && !isMember(t.members, s.user)) return false;
  return true;
}

export function eventInScope(t: ScopeTarget, e: ScopeEvent): boolean {
  if (t.rolloutAt === null || e.eventTime < t.rolloutAt) return false;
  if (e.accountId && e.accountId !== t.account) return false;
  if (t.regions.length && e.region && !t.regions.includes(e.region)) return false;
  return true;
}

export function actionInScope(t: ScopeTarget, a: ScopeAction): boolean {
  return t.rolloutAt !== null && a.at >= t.rolloutAt;
}

/** A user matches a member by full name or by the part before "@" (logs record either). */
export function isMember(members: readonly string[], user: string | null): boolean {
  if (!user) return false;
  const u = user.toLowerCase();
  const local = u.split("@")[0];
  return members.some((m) => {
    const x = m.toLowerCase();
    return x === u || x.split("@")[0] === local;
  });
}

/** Same person: equal ignoring case, or equal local parts of e-mail-like names. */
export function samePerson(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const x = a.toLowerCase().trim();
  const y = b.toLowerCase().trim();
  return x === y || x.split("@")[0] === y.split("@")[0];
}

/** Modes in which an agent runs without asking anyone. */
export const UNSUPERVISED_MODES = new Set(["autopilot", "never", "bypass", "bypasspermissions", "yolo", "full-auto", "danger-full-access"]);

export function isUnsupervised(mode: string | null): boolean {
  return mode !== null && UNSUPERVISED_MODES.has(mode.toLowerCase());
}

/** A tool call whose risk (or one of its commands' risk) is destructive. */
export function isDestructiveCall(a: ScopeAction): boolean {
  return a.kind === "tool_call" && (a.risk === "destructive" || a.commands.some((c) => c.risk === "destructive"));
}

/** The account a session ran in: its log's identity, else the account of its linked events. */
export function sessionAccount(s: ScopeSession, linkedEvents: readonly ScopeEvent[]): string | null {
  return s.awsIdentity?.accountId ?? linkedEvents.find((e) => e.accountId)?.accountId ?? null;
}
