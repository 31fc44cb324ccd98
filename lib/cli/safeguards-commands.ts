import "server-only";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { rulesFromSettings } from "@/lib/safeguards/agent-rules";
import { loadReplayInput } from "@/lib/safeguards/evidence-queries";
import { PolicyDocument, parseSafeguardsFile } from "@/lib/safeguards/file-schema";
import { applySafeguardsFile, evaluateSafeguards } from "@/lib/safeguards/mutations";
import { loadSafeguardRows } from "@/lib/safeguards/queries";
import { type Candidate, replayIncidents } from "@/lib/safeguards/replay";
import { statusReport, toReplayReport } from "@/lib/safeguards/report-schema";
import { withCliStore } from "./main";

type Command = (argv: string[]) => Promise<number>;

/** Exit code when any target is violated (so CI can gate on it). */
export const EXIT_VIOLATED = 3;

export const SAFEGUARDS_USAGE = `  safeguards [--json]     every safeguard with its status and targets; exit 3 when any target is violated
  safeguards apply <file.json|yaml>   create/update safeguards and targets from a file (idempotent), then verify
  safeguards verify       re-verify every safeguard from the evidence in the store
  safeguards replay (--scp <policy.json> | --permission-boundary <policy.json> | --agent-rules <settings.json>)
                    [--incident <id>] [--json]   which destructive steps of past incidents the candidate would block`;

function fail(message: string): number {
  process.stderr.write(`aftermath safeguards: ${message}\n`);
  return 1;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

async function list(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false } } });
  return withCliStore(async (store) => {
    const report = statusReport(await loadSafeguardRows(store));
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (!report.length) process.stdout.write("no safeguards yet: `npx aftermath safeguards apply <file>`\n");
    else
      for (const s of report) {
        process.stdout.write(`${s.status.padEnd(12)} ${s.key} (${s.kind})\n`);
        for (const t of s.targets)
          process.stdout.write(`  ${t.status.padEnd(12)} ${t.account}  ${t.violations} violation(s), ${t.observations} observation(s)\n`);
      }
    return report.some((s) => s.targets.some((t) => t.status === "violated")) ? EXIT_VIOLATED : 0;
  });
}

async function apply(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) return fail("apply takes one file: safeguards apply <file.json|yaml>");
  const file = parseSafeguardsFile(readText(positionals[0]), positionals[0]);
  return withCliStore(async (store) => {
    const r = await applySafeguardsFile(store, file, CLI_ACTOR);
    process.stdout.write(
      `applied ${positionals[0]}: ${r.created.length} created, ${r.updated.length} updated, ${r.unchanged.length} unchanged; ` +
        `targets ${r.targets.created} created, ${r.targets.updated} updated, ${r.targets.removed} removed\n`,
    );
    return 0;
  });
}

async function verify(): Promise<number> {
  return withCliStore(async (store) => {
    const r = await evaluateSafeguards(store);
    process.stdout.write(
      `verified ${r.safeguards} safeguard(s), ${r.targets} target(s): ${r.changed} changed in ${(r.ms / 1000).toFixed(1)} s\n`,
    );
    return 0;
  });
}

export function candidateFrom(values: { scp?: string; "permission-boundary"?: string; "agent-rules"?: string }): Candidate {
  const given = (["scp", "permission-boundary", "agent-rules"] as const).filter((k) => values[k]);
  if (given.length !== 1) throw new Error("name exactly one of --scp, --permission-boundary, --agent-rules");
  const kind = given[0];
  const file = values[kind]!;
  let data: unknown;
  try {
    data = JSON.parse(readText(file));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  if (kind === "agent-rules") {
    try {
      return { type: "agent-rules", rules: rulesFromSettings(data) };
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  }
  const policy = PolicyDocument.safeParse(data);
  if (!policy.success) throw new Error(`${file}: not an IAM policy document (${policy.error.issues.map((i) => i.message).join("; ")})`);
  return { type: kind, policy: policy.data };
}

async function replay(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scp: { type: "string" },
      "permission-boundary": { type: "string" },
      "agent-rules": { type: "string" },
      incident: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const candidate = candidateFrom(values);
  return withCliStore(async (store) => {
    const input = await loadReplayInput(store, values.incident);
    if (values.incident && !input.incidents.length) return fail(`no incident ${values.incident}`);
    const r = await replayIncidents(input, candidate);
    if (values.json) process.stdout.write(`${JSON.stringify(toReplayReport(r), null, 2)}\n`);
    else {
      process.stdout.write(`${r.candidate}: would have blocked ${r.total.blocked} of ${r.total.destructive} destructive step(s)\n`);
      for (const i of r.incidents) {
        process.stdout.write(`\n${i.title}\n  would have blocked ${i.blocked} of ${i.destructive}\n`);
        for (const s of i.steps)
          process.stdout.write(
            `  ${s.blocked ? "BLOCKED" : "allowed"} ${s.eventName} ${s.eventId}${s.statement ? ` — ${s.statement}` : ""}: ${s.reason}\n`,
          );
      }
    }
    return 0;
  });
}

async function safeguards(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === "apply") return await apply(rest);
    if (sub === "replay") return await replay(rest);
    if (sub === "verify") return await verify();
    if (sub === undefined || sub.startsWith("-")) return await list(argv);
    return fail(`unknown sub-command "${sub}"\n${SAFEGUARDS_USAGE}`);
  } catch (e) {
    if (isAppError(e) || e instanceof Error) return fail((e as Error).message);
    throw e;
  }
}

export const SAFEGUARDS_COMMANDS: Record<string, Command> = { safeguards };
