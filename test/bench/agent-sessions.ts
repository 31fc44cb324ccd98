import { cliCommandToApiCalls } from "@/lib/cloudtrail/aws-cli";
import type { NormalizedEvent } from "@/lib/model/cloudtrail-event";

/**
 * Synthetic agent sessions for the reconstruction benchmark, written as canonical agent-log JSONL
 * (lib/agent-logs/canonical-schema.ts). Each session runs on one `agent-sandbox` role session seen in the synthetic
 * CloudTrail and issues one `aws …` tool call just before each of that principal's calls in a 20-minute window, so
 * correlation has real work: the calls link, everything else in the window is noise.
 *
 * Fed the events in time order (`offer`), it picks the principals and the calls as they stream past.
 */

export const SESSION_MS = 20 * 60_000;
export const MAX_CALLS_PER_SESSION = 12;

/** CloudTrail eventSource → aws CLI service name, for the services the synthetic corpus uses. */
const CLI_SERVICE: Record<string, string> = {
  "ec2.amazonaws.com": "ec2",
  "s3.amazonaws.com": "s3api",
  "iam.amazonaws.com": "iam",
  "sts.amazonaws.com": "sts",
  "lambda.amazonaws.com": "lambda",
  "cloudformation.amazonaws.com": "cloudformation",
  "dynamodb.amazonaws.com": "dynamodb",
  "rds.amazonaws.com": "rds",
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c, k: number) => (k ? "-" : "") + c.toLowerCase());

/** `aws <service> <operation> … --region <r>` for an event, or null when the CLI mapping does not give its eventName back. */
export function cliCommandFor(e: Pick<NormalizedEvent, "eventSource" | "eventName" | "region" | "resources">): string | null {
  const service = CLI_SERVICE[e.eventSource];
  if (!service) return null;
  const op = kebab(e.eventName);
  const calls = cliCommandToApiCalls(service, op);
  if (calls.eventSource !== e.eventSource || !calls.eventNames.includes(e.eventName)) return null;
  const instance = e.resources.find((r) => /^i-[0-9a-f]+$/.test(r) || /:instance\/i-/.test(r));
  const stack = e.resources.find((r) => /^stack-\d+$/.test(r) || /:stack\//.test(r));
  const args: string[] = [];
  if (instance && service === "ec2") args.push("--instance-ids", instance.replace(/^.*instance\//, ""));
  if (stack && service === "cloudformation") args.push("--stack-name", stack.replace(/^.*:stack\/([^/]+).*$/, "$1"));
  return ["aws", service, op, ...args, ...(e.region ? ["--region", e.region] : [])].join(" ");
}

type Planned = {
  id: string;
  startAt: number;
  principal: string | null;
  accountId: string | null;
  region: string | null;
  calls: NormalizedEvent[];
  done: boolean;
};

export class SyntheticSessionPlanner {
  private sessions: Planned[];

  /** `count` sessions starting at evenly spaced times across [startMs, startMs + spanMs). */
  constructor(count: number, startMs: number, spanMs: number) {
    this.sessions = Array.from({ length: count }, (_, k) => ({
      id: `bench-session-${k + 1}`,
      startAt: startMs + Math.floor(((k + 1) * spanMs) / (count + 1)),
      principal: null,
      accountId: null,
      region: null,
      calls: [],
      done: false,
    }));
  }

  /** Feed every event in (roughly) time order. */
  offer(e: NormalizedEvent): void {
    for (const s of this.sessions) {
      if (s.done || e.eventTime < s.startAt) continue;
      if (e.eventTime > s.startAt + SESSION_MS) {
        s.done = true;
        continue;
      }
      if (s.principal === null) {
        if (!e.principalArn || !/\/agent-sandbox\//.test(e.principalArn) || !cliCommandFor(e)) continue;
        s.principal = e.principalArn;
        s.accountId = e.accountId;
        s.region = e.region;
      }
      if (e.principalArn !== s.principal || s.calls.length >= MAX_CALLS_PER_SESSION) continue;
      if (cliCommandFor(e)) s.calls.push(e);
    }
  }

  /** Number of tool calls planned (each one explains one CloudTrail event). */
  get plannedCalls(): number {
    return this.sessions.reduce((n, s) => n + s.calls.length, 0);
  }

  /** One canonical JSONL document per session that found a principal. */
  files(): { name: string; content: string }[] {
    const out: { name: string; content: string }[] = [];
    for (const s of this.sessions) {
      if (!s.principal || !s.calls.length) continue;
      const iso = (t: number) => new Date(t).toISOString();
      const lines: Record<string, unknown>[] = [
        {
          type: "session_start",
          sessionId: s.id,
          agent: "bench-agent",
          agentVersion: "1.0.0",
          mode: "autopilot",
          user: "bench",
          host: "bench-host",
          cwd: "/srv/infra",
          model: "bench-model",
          startedAt: iso(s.startAt - 60_000),
          awsIdentity: { principalArn: s.principal, accountId: s.accountId, region: s.region },
        },
        {
          type: "prompt",
          sessionId: s.id,
          at: iso(s.startAt - 55_000),
          text: "Tidy up the sandbox: stop what is idle, fix the role policies, remove stale stacks",
        },
        {
          type: "plan",
          sessionId: s.id,
          at: iso(s.startAt - 50_000),
          text: "1. inspect instances and stacks\n2. terminate idle instances\n3. delete stale stacks",
        },
      ];
      s.calls.forEach((e, n) => {
        const toolCallId = `${s.id}-t${n + 1}`;
        lines.push({
          type: "tool_call",
          sessionId: s.id,
          toolCallId,
          at: iso(e.eventTime - 1500),
          tool: "shell",
          command: cliCommandFor(e),
          cwd: "/srv/infra",
          env: { AWS_REGION: e.region ?? "us-east-1" },
        });
        lines.push({
          type: "tool_result",
          sessionId: s.id,
          toolCallId,
          at: iso(e.eventTime + 400),
          exitCode: e.errorCode ? 254 : 0,
          output: e.errorCode ? `An error occurred (${e.errorCode})` : "",
        });
      });
      const last = s.calls[s.calls.length - 1].eventTime;
      lines.push({ type: "session_end", sessionId: s.id, at: iso(last + 30_000) });
      out.push({ name: `agent-logs/bench/${s.id}.jsonl`, content: `${lines.map((l) => JSON.stringify(l)).join("\n")}\n` });
    }
    return out;
  }
}
