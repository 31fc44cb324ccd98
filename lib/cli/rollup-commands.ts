import "server-only";
import { parseArgs } from "node:util";
import type { Store } from "@/lib/db";
import { resolveTimeBound } from "@/lib/events/time";
import { rebuildRollup, recomputeRollup } from "@/lib/rollup/mutations";
import { openCliStore } from "./main";

type Command = (argv: string[]) => Promise<number>;

export const ROLLUP_USAGE = `  rollup rebuild [--from <time>] [--to <time>]
                          recount the chart rollup from the stored events (all of it, or whole hours
                          around [from, to); times ISO or relative like 24h)
`;

function fail(message: string): number {
  process.stderr.write(`aftermath rollup: ${message}\n`);
  return 1;
}

async function rebuild(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { from: { type: "string" }, to: { type: "string" } } });
  const now = Date.now();
  const from = values.from === undefined ? null : resolveTimeBound(values.from, now);
  const to = values.to === undefined ? null : resolveTimeBound(values.to, now);
  if (values.from !== undefined && from === null) return fail(`--from: not an ISO time or a duration like 24h: "${values.from}"`);
  if (values.to !== undefined && to === null) return fail(`--to: not an ISO time or a duration like 24h: "${values.to}"`);
  const store: Store = await openCliStore();
  try {
    const started = performance.now();
    if (from === null && to === null) {
      await store.prisma.$transaction((tx) => rebuildRollup(tx), { timeout: 3_600_000 });
      process.stdout.write(`rollup rebuilt from every event in ${Math.round(performance.now() - started)} ms\n`);
    } else {
      const span = await store.prisma.cloudTrailEvent.aggregate({ _min: { eventTime: true }, _max: { eventTime: true } });
      const a = from ?? span._min.eventTime?.getTime() ?? now;
      const b = to ?? (span._max.eventTime?.getTime() ?? now) + 1;
      if (b <= a) return fail("--to must be after --from");
      const hours = await store.prisma.$transaction((tx) => recomputeRollup(tx, { from: a, to: b }), { timeout: 3_600_000 });
      process.stdout.write(`rollup recounted for ${hours} hour(s) in ${Math.round(performance.now() - started)} ms\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function rollup(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "rebuild") return rebuild(rest);
  return fail(`unknown subcommand "${sub ?? ""}"\n${ROLLUP_USAGE}`);
}

export const ROLLUP_COMMANDS: Record<string, Command> = { rollup };
