import { parseArgs } from "node:util";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { eventPartitionsWithCounts } from "@/lib/partitions/queries";
import { runEventRetention } from "@/lib/retention/mutations";
import { describeRetention, eventRetentionDays } from "@/lib/retention/policy";
import { withCliStore } from "./main";

type Command = (argv: string[]) => Promise<number>;

export const RETENTION_USAGE = `  retention [--dry-run] [--json] [--days N]
                          drop cloudtrail_event partitions entirely older than AFTERMATH_RETENTION_DAYS (or --days)
                          with their links, conflicts and old quarantined/skipped records; audited (retention.run)
  partitions [--json]     cloudtrail_event's partitions (AFTERMATH_PARTITION_INTERVAL month|week|day) and their rows
`;

function fail(message: string): number {
  process.stderr.write(`aftermath retention: ${message}\n`);
  return 1;
}

export const RETENTION_COMMANDS: Record<string, Command> = {
  retention: async (argv) => {
    const { values } = parseArgs({
      args: argv,
      options: { "dry-run": { type: "boolean" }, json: { type: "boolean" }, days: { type: "string" } },
    });
    let days: number | null;
    try {
      days = values.days === undefined ? eventRetentionDays() : eventRetentionDays({ AFTERMATH_RETENTION_DAYS: values.days });
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
    if (days === null) return fail("no retention configured: set AFTERMATH_RETENTION_DAYS (or pass --days N); nothing was dropped");
    return withCliStore(async (store) => {
      const r = await runEventRetention(store, { days, dryRun: values["dry-run"], actor: CLI_ACTOR });
      process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : `${describeRetention(r!)}\n`);
      return 0;
    });
  },
  partitions: async (argv) => {
    const { values } = parseArgs({ args: argv, options: { json: { type: "boolean" } } });
    return withCliStore(async (store) => {
      const parts = await eventPartitionsWithCounts(store);
      if (values.json) process.stdout.write(`${JSON.stringify(parts)}\n`);
      else if (!parts.length) process.stdout.write("no partitions (no events yet)\n");
      else
        for (const p of parts) process.stdout.write(`${p.name}  ${p.from ?? "MINVALUE"} … ${p.to ?? "MAXVALUE"}  ${p.events} event(s)\n`);
      return 0;
    });
  },
};
