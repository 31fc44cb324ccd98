import "server-only";
import { parseArgs } from "node:util";
import { ensureEnvAdmin } from "@/lib/auth/first-run";
import { openStore, type Store } from "@/lib/db";
import { createMigration } from "@/lib/db/migrate";
import type { IngestHooks } from "@/lib/ingest/ingest-file";
import { reconstructAll } from "@/lib/reconstruct";
import { loadDemoIfEmpty } from "@/lib/reconstruct/demo";
import { reconstructionHook } from "@/lib/reconstruct/hook";
import { formatIncidentTable, listIncidentReports } from "@/lib/reconstruct/incident-reports";
import { withCliStore } from "./main";
import { POSTMORTEM_COMMANDS } from "./postmortem-commands";
import { RETENTION_COMMANDS } from "./retention-commands";
import { ROLLUP_COMMANDS } from "./rollup-commands";
import { SAFEGUARDS_COMMANDS } from "./safeguards-commands";
import { TOKENS_COMMANDS } from "./tokens-commands";
import { USERS_COMMANDS } from "./users-commands";
import { watchCommands } from "./watch-commands";

type Command = (argv: string[]) => Promise<number>;

/** The hook `aftermath ingest` runs after each file: incremental reconstruction of what the file can touch. */
export async function ingestAfterFileHook(store: Store): Promise<IngestHooks["afterFile"]> {
  return reconstructionHook(store);
}

/** Every command beyond ingest/migrate/help; an area's own command file spreads its map in here. */
export const CLI_COMMANDS: Record<string, Command> = {
  ...SAFEGUARDS_COMMANDS,
  ...POSTMORTEM_COMMANDS,
  ...ROLLUP_COMMANDS,
  ...USERS_COMMANDS,
  ...TOKENS_COMMANDS,
  ...RETENTION_COMMANDS,
  ...watchCommands,
  reconstruct: async () =>
    withCliStore(async (store) => {
      const r = await reconstructAll(store);
      process.stdout.write(
        `re-linked ${r.sessions} session(s): ${r.links} link(s), ${r.incidents} incident(s) in ${(r.ms / 1000).toFixed(1)} s\n`,
      );
      return 0;
    }),
  incidents: async (argv) => {
    const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false } } });
    return withCliStore(async (store) => {
      const reports = await listIncidentReports(store);
      process.stdout.write(values.json ? `${JSON.stringify(reports, null, 2)}\n` : `${formatIncidentTable(reports)}\n`);
      return 0;
    });
  },
  setup: async (argv) => {
    const { values } = parseArgs({ args: argv, options: { demo: { type: "boolean", default: false } } });
    return withCliStore(async (store) => {
      process.stdout.write(`${store.description}: migrated\n`);
      const admin = await ensureEnvAdmin(store);
      if (admin) process.stdout.write(`admin account created: ${admin.email}\n`);
      const r = values.demo ? await loadDemoIfEmpty(store) : null;
      if (r) {
        const incidents = await store.prisma.incident.count();
        process.stdout.write(`demo loaded: ${r.ingested} records from ${r.files.length} files, ${incidents} incident(s)\n`);
      }
      return 0;
    });
  },
  "migration:create": async (argv) => {
    const name = argv[0];
    if (!name) {
      process.stderr.write("aftermath migration:create <name>\n");
      return 1;
    }
    const scratch = await openStore("pglite:memory");
    try {
      const dir = await createMigration((scratch as unknown as { factory: Parameters<typeof createMigration>[0] }).factory, name);
      process.stdout.write(dir ? `wrote prisma/migrations/${dir}/migration.sql\n` : "schema unchanged: no migration written\n");
      return 0;
    } finally {
      await scratch.close();
    }
  },
};
