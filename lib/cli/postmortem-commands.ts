import { parseArgs } from "node:util";
import type { Store } from "@/lib/db";
import { exportJson, exportMarkdown } from "@/lib/postmortems/export";
import { loadExportBundle } from "@/lib/postmortems/export-queries";
import { openCliStore } from "./main";

type Command = (argv: string[]) => Promise<number>;

/** `aftermath postmortem <incidentId> [--format md|json] [--base-url URL]`: the same export as GET /api/incidents/<id>/postmortem.md. */
async function postmortem(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: "string", default: "md" }, "base-url": { type: "string", default: "" } },
  });
  const id = positionals[0];
  if (!id || (values.format !== "md" && values.format !== "json")) {
    process.stderr.write("aftermath postmortem <incidentId> [--format md|json] [--base-url URL]\n");
    return 1;
  }
  const store: Store = await openCliStore();
  try {
    const bundle = await loadExportBundle(store, id, { baseUrl: values["base-url"]?.replace(/\/$/, "") ?? "" });
    if (!bundle) {
      process.stderr.write(`no incident ${id} (ids: npx aftermath incidents --json)\n`);
      return 1;
    }
    process.stdout.write(values.format === "json" ? exportJson(bundle) : exportMarkdown(bundle));
    return 0;
  } finally {
    await store.close();
  }
}

export const POSTMORTEM_COMMANDS: Record<string, Command> = { postmortem };
