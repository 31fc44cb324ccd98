import { type AwsCliUserAgent, cliOperationToEventName, parseAwsCliUserAgent } from "@/lib/cloudtrail/aws-cli";
import { toIso } from "@/lib/ids";
import { type ActionMatcher, buildActionMatcher, type CommandMatch, matchCommand } from "./command-match";
import { isCloudFormationInvoked, isConsoleUserAgent, matchPrincipal, type PrincipalMatch } from "./principals";
import {
  CONFIDENCE_RANK,
  type CorrelationAction,
  type CorrelationEvent,
  type CorrelationSession,
  type EventLink,
  type LinkConfidence,
} from "./types";
import {
  ACTION_LAG_MS,
  ACTION_LEAD_MS,
  actionWindows,
  candidateEventWindow,
  lowerBound,
  STACK_CASCADE_MS,
  STACK_OPS,
  sessionSpan,
  type TimeWindow,
} from "./window";

/**
 * Links a session's tool calls to the CloudTrail calls they caused. Pure and deterministic.
 *
 * Per event, in order of preference (one link per session + event; the best wins):
 *  1. Tool call: command ↔ API (aws-cli via aws-cli.ts, structured AWS tools, terraform apply|destroy with a Terraform
 *     userAgent, SDK/other tools by userAgent `app/<id>` / `exec-env/<x>` marker) AND principal match AND eventTime in
 *     the call's window (`[start − 5 s, end + 60 s]`, see window.ts).
 *     high   = strong principal (ARN, role+session, sourceIdentity, app tag) + (userAgent md/command match or the only
 *              tool call that explains the event);
 *     medium = several tool calls could explain it, or principal via role only, or identity unknown + md/command match;
 *     low    = identity unknown without a unique explanation, or Terraform with identity unknown.
 *     With the session identity unknown an aws-cli call needs the userAgent md/command evidence to link at all.
 *  2. CloudFormation cascade: a call CloudFormation made (`sourceIPAddress`/`invokedBy` cloudformation.amazonaws.com)
 *     for the same principal (strong match) between a stack operation the agent ran (delete-stack, create-stack,
 *     update-stack, deploy, execute-change-set) and 60 min after it → linked to that tool call, medium, evidence
 *     "invoked by CloudFormation during DeleteStack of <stack>". The latest fitting operation wins: deletes belong to a
 *     delete-stack, creates to a create-stack (update/deploy take both); an operation whose own API call is linked and
 *     failed started nothing and is skipped. (Design choice: linked to the causing call rather than `actionId: null`,
 *     so the UI can show the cascade under the command that started it.)
 *  3. Session level (`actionId: null`, low): other calls by the same principal (strong match only) during
 *     `[session start − 5 s, session end + 60 s]` that no tool call explains (scripts without a userAgent marker …);
 *     console/browser calls are excluded (an agent does not use the console).
 * Events from principals that do not match are never linked. Duplicate deliveries (same eventId) count once.
 */
export function correlateSession(session: CorrelationSession, events: readonly CorrelationEvent[]): EventLink[] {
  return correlateSorted(session, dedupeAndSort(events));
}

/** Correlates every session with the events (sorted once; each session only scans its candidate window). */
export function correlate(sessions: readonly CorrelationSession[], events: readonly CorrelationEvent[]): EventLink[] {
  const windows = sessions.map((s) => candidateEventWindow(s));
  const live = windows.filter((w): w is TimeWindow => w !== null);
  if (!live.length) return [];
  // Only events some session can explain are sorted (a handful of windows: exact; many: their overall span).
  const inAny =
    live.length <= 32
      ? (t: number) => live.some((w) => t >= w.from && t <= w.to)
      : (
          (lo: number, hi: number) => (t: number) =>
            t >= lo && t <= hi
        )(Math.min(...live.map((w) => w.from)), Math.max(...live.map((w) => w.to)));
  const sorted = dedupeAndSort(events.filter((e) => inAny(e.eventTime)));
  return sessions.flatMap((s, i) => {
    const w = windows[i];
    if (!w) return [];
    const from = lowerBound(sorted, w.from, (e) => e.eventTime);
    const to = lowerBound(sorted, w.to + 1, (e) => e.eventTime);
    return correlateSorted(s, sorted.slice(from, to));
  });
}

function correlateSorted(session: CorrelationSession, sorted: readonly CorrelationEvent[]): EventLink[] {
  if (!sorted.length) return [];
  const uaCache = new Map<string, AwsCliUserAgent>();
  const uaOf = (e: CorrelationEvent) => parseUa(uaCache, e.userAgent);
  const principalCache = new Map<string, PrincipalMatch>();
  const principalOf = (e: CorrelationEvent) => {
    let p = principalCache.get(e.eventId);
    if (!p) {
      p = matchPrincipal(session.awsIdentity, e, uaOf(e).appId);
      principalCache.set(e.eventId, p);
    }
    return p;
  };

  const toolCalls = actionWindows(session).filter((w) => w.action.kind === "tool_call");
  const matchers = new Map<string, ActionMatcher>(toolCalls.map((w) => [w.action.id, buildActionMatcher(w.action, session.awsIdentity)]));
  const candidates = new Map<string, Candidate[]>();
  for (const { action, window } of toolCalls) {
    const matcher = matchers.get(action.id)!;
    for (let i = lowerBound(sorted, window.from, (e) => e.eventTime); i < sorted.length && sorted[i].eventTime <= window.to; i++) {
      const e = sorted[i];
      const principal = principalOf(e);
      if (principal.level === "none") continue;
      const cmd = matchCommand(matcher, e, uaOf(e));
      if (!cmd) continue;
      if (principal.level === "unknown-identity" && cmd.kind === "aws-cli" && !cmd.uaCommand) continue;
      const list = candidates.get(e.eventId) ?? [];
      list.push({ action, window, cmd, principal });
      candidates.set(e.eventId, list);
    }
  }

  const links: EventLink[] = [];
  const linked = new Set<string>();
  for (const e of sorted) {
    const list = candidates.get(e.eventId);
    if (!list) continue;
    links.push(bestToolCallLink(session.id, e, list));
    linked.add(e.eventId);
  }

  const stackOps = stackOperations(toolCalls, links, sorted);
  const span = sessionSpan(session);
  for (const e of sorted) {
    if (linked.has(e.eventId)) continue;
    const principal = principalOf(e);
    if (principal.level !== "strong") continue;
    const cascade = isCloudFormationInvoked(e) ? cascadeLink(session.id, e, stackOps, principal) : null;
    if (cascade) {
      links.push(cascade);
      continue;
    }
    if (!span || e.eventTime < span.from - ACTION_LEAD_MS || e.eventTime > span.to + ACTION_LAG_MS) continue;
    if (isConsoleUserAgent(e.userAgent)) continue;
    const running = toolCalls
      .filter((w) => e.eventTime >= w.window.from && e.eventTime <= w.window.to)
      .map((w) => describeAction(w.action));
    links.push({
      sessionId: session.id,
      actionId: null,
      eventId: e.eventId,
      confidence: "low",
      evidence: [
        ...principal.evidence,
        `during the session (${toIso(span.from)} – ${toIso(span.to)}); no single tool call explains ${e.eventSource} ${e.eventName}`,
        ...(running.length ? [`tool call(s) running at the time: ${running.join("; ")}`] : []),
      ],
    });
  }
  return links;
}

interface Candidate {
  action: CorrelationAction;
  window: TimeWindow;
  cmd: CommandMatch;
  principal: PrincipalMatch;
}

function confidenceOf(c: Candidate, unique: boolean): LinkConfidence {
  const level = c.principal.level;
  if (level === "unknown-identity") {
    if (c.cmd.kind === "terraform") return "low";
    if (c.cmd.kind === "ua-marker") return "medium";
    return unique ? "medium" : "low";
  }
  if (level === "role") return c.cmd.uaCommand || unique ? "medium" : "low";
  return c.cmd.uaCommand || unique ? "high" : "medium";
}

function bestToolCallLink(sessionId: string, e: CorrelationEvent, list: Candidate[]): EventLink {
  const unique = new Set(list.map((c) => c.action.id)).size === 1;
  const scored = list.map((c) => ({ c, conf: confidenceOf(c, unique) }));
  scored.sort(
    (a, b) =>
      CONFIDENCE_RANK[b.conf] - CONFIDENCE_RANK[a.conf] ||
      Number(b.c.cmd.uaCommand) - Number(a.c.cmd.uaCommand) ||
      distance(e, a.c) - distance(e, b.c) ||
      a.c.action.at - b.c.action.at,
  );
  const { c, conf } = scored[0];
  const offset = (e.eventTime - c.action.at) / 1000;
  const evidence = [
    ...c.cmd.evidence,
    ...c.principal.evidence,
    `eventTime ${offset >= 0 ? "+" : ""}${offset.toFixed(1)} s from tool call ${describeAction(c.action)} (window −5 s … end + 60 s)`,
    unique
      ? "the only tool call that explains this event"
      : `${new Set(list.map((x) => x.action.id)).size} tool calls could explain this event: closest chosen`,
  ];
  return { sessionId, actionId: c.action.id, eventId: e.eventId, confidence: conf, evidence };
}

/** How far the event is from the call's start; events before the start count as farther. */
function distance(e: CorrelationEvent, c: Candidate): number {
  const d = e.eventTime - c.action.at;
  return d >= 0 ? d : -d * 10;
}

interface StackOp {
  action: CorrelationAction;
  window: TimeWindow;
  operation: string;
  stack: string;
}

const STACK_APIS = new Set(["DeleteStack", "CreateStack", "UpdateStack", "CreateChangeSet", "ExecuteChangeSet"]);

/**
 * The session's CloudFormation stack operations that may have started work CloudFormation carries on later.
 * An operation whose own API call is linked and failed (e.g. CreateStack → AlreadyExistsException) started nothing.
 */
function stackOperations(
  toolCalls: { action: CorrelationAction; window: TimeWindow }[],
  links: EventLink[],
  sorted: readonly CorrelationEvent[],
): StackOp[] {
  const byId = new Map(sorted.map((e) => [e.eventId, e]));
  const outcome = new Map<string, boolean>();
  for (const l of links) {
    const e = byId.get(l.eventId);
    if (!l.actionId || !e || !STACK_APIS.has(e.eventName)) continue;
    outcome.set(l.actionId, (outcome.get(l.actionId) ?? false) || e.executed);
  }
  const ops: StackOp[] = [];
  for (const w of toolCalls) {
    const cmd = w.action.commands.find((c) => c.aws?.service === "cloudformation" && STACK_OPS.has(c.aws.operation))?.aws;
    if (!cmd || outcome.get(w.action.id) === false) continue;
    const stack = typeof cmd.args["stack-name"] === "string" ? cmd.args["stack-name"] : "(unnamed stack)";
    ops.push({ ...w, operation: cmd.operation, stack });
  }
  return ops;
}

const DESTROY_VERB = /^(Delete|Remove|Detach|Deregister|Disable|Revoke|Terminate|Disassociate)/;

function cascadeLink(sessionId: string, e: CorrelationEvent, stackOps: StackOp[], principal: PrincipalMatch): EventLink | null {
  const inRange = stackOps.filter((op) => e.eventTime >= op.window.from && e.eventTime <= op.window.to + STACK_CASCADE_MS);
  if (!inRange.length) return null;
  // A delete made by CloudFormation belongs to a delete-stack (or an update), a create to a create/update.
  const destroys = DESTROY_VERB.test(e.eventName);
  const fitting = inRange.filter((op) => (op.operation === "delete-stack" ? destroys : op.operation === "create-stack" ? !destroys : true));
  const pool = fitting.length ? fitting : inRange;
  const best = pool.reduce((a, b) => (b.action.at > a.action.at ? b : a));
  return {
    sessionId,
    actionId: best.action.id,
    eventId: e.eventId,
    confidence: "medium",
    evidence: [
      `invoked by CloudFormation during ${cliOperationToEventName(best.operation, "cloudformation")} of ${best.stack}`,
      ...principal.evidence,
      `eventTime ${((e.eventTime - best.action.at) / 1000).toFixed(1)} s after tool call ${describeAction(best.action)}`,
    ],
  };
}

function describeAction(a: CorrelationAction): string {
  const label = a.toolCallId ?? a.id;
  const cmd = a.command ?? a.tool ?? "";
  return cmd ? `${label} \`${cmd.length > 120 ? `${cmd.slice(0, 117)}...` : cmd}\`` : label;
}

function parseUa(cache: Map<string, AwsCliUserAgent>, ua: string | null): AwsCliUserAgent {
  const key = ua ?? "";
  let p = cache.get(key);
  if (!p) {
    p = parseAwsCliUserAgent(key);
    cache.set(key, p);
  }
  return p;
}

/** Same eventId delivered twice (overlapping CloudTrail files, lookup-events + S3) counts once; sorted by time, id. */
export function dedupeAndSort(events: readonly CorrelationEvent[]): CorrelationEvent[] {
  const seen = new Set<string>();
  const out: CorrelationEvent[] = [];
  for (const e of events) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    out.push(e);
  }
  return out.sort((a, b) => a.eventTime - b.eventTime || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
}
