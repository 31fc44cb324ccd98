import type { LogBuilder, SessionDraft } from "../builder";
import { isObject, num, readJsonLines, str } from "../jsonl";
import { parseTime } from "../time";
import type { CiContext, IngestContext } from "../types";
import { type ClaudeCtx, type ClaudeEntry, readClaudeEntries } from "./claude-code";

/**
 * Claude Code headless / Agent SDK output:
 * - `claude -p --output-format stream-json` (JSONL of SDK messages: `system` init, `assistant`, `user`, `result`),
 * - `claude -p --output-format json` (the final `result` message alone, or the array of all messages with --verbose),
 * - the execution file the Claude Code GitHub Action writes (`$RUNNER_TEMP/claude-execution-output.json`: a JSON array
 *   of the same messages).
 * Messages carry `session_id` and usually no timestamp: times come from the file where present, else from the ingest
 * context (the run's start, else the file time minus the result's `duration_ms`) spread over the messages in order;
 * the session then says its times are approximate. Tool calls that ran in a headless run were allowed by the
 * permission settings (no one is asked); `permission_denials` and "haven't granted" results are refusals by config.
 */
export function readClaudeHeadless(text: string, b: LogBuilder, context: IngestContext = {}): void {
  const entries = entriesOf(text);
  const values = entries.map((e) => (e.ok && isObject(e.value) ? e.value : null));
  const hasOwnTimes = values.some((v) => v && parseTime(v.timestamp));
  const result = values.find((v) => v?.type === "result");
  const duration = result ? num(result.duration_ms) : null;
  const end = b.fileTime;
  const start = context.runStartedAt ?? (end !== null ? end - (duration ?? 0) : null);
  const step = duration !== null && entries.length > 1 ? duration / (entries.length - 1) : 1000;
  let approximated = false;
  const time = (v: Record<string, unknown>, index: number): number | null => {
    const own = b.time(v.timestamp);
    if (own !== null) return own;
    if (start === null) return null;
    approximated = true;
    return Math.round(start + index * step);
  };

  readClaudeEntries(entries, b, { kind: "claude-code", time, other: (ctx) => readResult(ctx) });

  const ci = context.ci ?? ciFromPath(b.fileName);
  for (const s of b.sessions.values()) {
    if (approximated) {
      const from = context.runStartedAt !== undefined ? "the run's start" : "the file time minus the run's duration";
      s.timesApproximate = hasOwnTimes
        ? "some messages carry no timestamp: their times were estimated from their order"
        : `the file carries no timestamps: times were estimated from ${from}, spread over the messages in order`;
      b.notes.add(`times approximate for session ${s.externalId}: ${s.timesApproximate}`);
    }
    if (ci) {
      s.ci = ci;
      s.user ??= ci.actor;
      s.host ??= ci.provider;
    }
    allowedByConfig(s);
  }
  if (start === null && !hasOwnTimes) b.notes.add("no timestamps in the file and no ingest time: give the file time or the run start");
}

function entriesOf(text: string): ClaudeEntry[] {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed.startsWith("[") || (trimmed.startsWith("{") && !trimmed.includes("\n"))) {
    try {
      const doc = JSON.parse(trimmed) as unknown;
      const list = Array.isArray(doc) ? doc : [doc];
      return list.map((value, index) => ({
        position: { index, line: null },
        ok: true,
        value,
        text: JSON.stringify(value) ?? "",
        error: null,
      }));
    } catch {
      // fall through: JSONL (or broken JSON, quarantined line by line)
    }
  }
  return readJsonLines(trimmed).map((l) => ({
    position: { index: l.index, line: l.line },
    ok: l.ok,
    value: l.value,
    text: l.text,
    error: l.error,
  }));
}

/** The final `result` message: cost, turns, the run's answer, and the tool uses the permission settings refused. */
function readResult(ctx: ClaudeCtx): boolean {
  const { rec, s, v } = ctx;
  if (v.type !== "result") return false;
  const at = ctx.time(v);
  if (at === null) {
    rec.quarantine("timestamp: missing, and no ingest time to estimate it from");
    return true;
  }
  const denials = Array.isArray(v.permission_denials) ? v.permission_denials.filter(isObject) : [];
  for (const d of denials) {
    const call = ctx.b.findCall(s, str(d.tool_use_id));
    if (call && call.approval?.decision !== "rejected")
      call.approval = {
        decision: "rejected",
        approver: null,
        source: "config",
        detail: "listed in the run's permission_denials: not allowed by --allowedTools / permission rules",
        at,
      };
  }
  const cost = num(v.total_cost_usd) ?? num(v.cost_usd);
  const facts = [
    `${str(v.subtype) ?? "result"}${v.is_error === true ? " (error)" : ""}`,
    num(v.num_turns) !== null ? `${num(v.num_turns)} turns` : null,
    cost !== null ? `cost $${cost.toFixed(4)}` : null,
    num(v.duration_ms) !== null ? `${Math.round(Number(v.duration_ms) / 1000)} s` : null,
    denials.length ? `${denials.length} permission denial(s): ${denials.map((d) => str(d.tool_name) ?? "?").join(", ")}` : null,
  ].filter(Boolean);
  s.endedAt = Math.max(s.endedAt ?? at, at);
  rec.action(s, {
    key: str(v.uuid) ?? `result:${ctx.index}`,
    kind: v.is_error === true ? "error" : "system",
    at,
    actor: "system",
    text: `Run result: ${facts.join(" · ")}${str(v.result) ? `\n${v.result}` : ""}`,
  });
  return true;
}

/** Tool calls that ran in a headless run without a recorded refusal: allowed by the permission settings. */
function allowedByConfig(s: SessionDraft): void {
  for (const a of s.actions) {
    if (a.kind !== "tool_call" || a.approval || !a.hasResult) continue;
    a.approval = {
      decision: "approved",
      approver: null,
      source: "config",
      detail:
        "headless run: no one is asked, so it ran because the permission settings allow it (--allowedTools, allow rules, read-only tool)",
      at: a.at,
    };
  }
}

/** GitHub Actions context from a path such as `…/<owner>/<repo>/actions/runs/<id>/…` (a downloaded artifact). */
export function ciFromPath(path: string): CiContext | null {
  const m = /(?:^|[\\/])([\w.-]+)[\\/]([\w.-]+)[\\/]actions[\\/]runs[\\/](\d+)(?:[\\/]|$)/.exec(path);
  if (!m) return null;
  return { provider: "github-actions", repository: `${m[1]}/${m[2]}`, workflow: null, runId: m[3], actor: null };
}

/** GitHub Actions context from the environment of a CLI run inside a workflow (GITHUB_ACTIONS=true). */
export function ciFromEnv(env: Record<string, string | undefined>): CiContext | null {
  if (env.GITHUB_ACTIONS !== "true") return null;
  return {
    provider: "github-actions",
    repository: env.GITHUB_REPOSITORY ?? null,
    workflow: env.GITHUB_WORKFLOW ?? null,
    runId: env.GITHUB_RUN_ID ?? null,
    actor: env.GITHUB_ACTOR ?? null,
  };
}
