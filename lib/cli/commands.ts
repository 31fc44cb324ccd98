import { openStore, type Store } from "@/lib/db";
import type { IngestHooks } from "@/lib/ingest/ingest-file";
import { createMigration } from "@/lib/db/migrate";

type Command = (argv: string[]) => Promise<number>;

/** Commands beyond ingest/migrate, and the hook ingest runs after each file. */
export const COMMANDS_EXTRA: { commands: Record<string, Command>; afterFileHook: (store: Store) => Promise<IngestHooks["afterFile"]> } = {
  commands: {
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
  },
  afterFileHook: async () => undefined,
};
