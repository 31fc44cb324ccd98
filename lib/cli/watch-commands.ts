import { parseArgs } from "node:util";
import { closeParsePool, warmParsePool } from "@/lib/ingest/parse/parse-pool";
import { reconstructionHook } from "@/lib/reconstruct/hook";
import { watchDirectories } from "@/lib/watch/watcher";
import { openCliStore } from "./main";

type Command = (argv: string[]) => Promise<number>;

/** "500ms", "5s", "2m" or plain milliseconds. */
export function parseDurationMs(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Math.round(m[2] === "m" ? n * 60_000 : m[2] === "s" ? n * 1000 : n);
}

/**
 * `aftermath watch <dir>…`: follows directories that `aws s3 sync` or a mounted bucket keeps filling; every new
 * file is ingested once it has settled, a changed file again; restart-safe (what was ingested is read from the
 * store). Runs until SIGINT/SIGTERM (the file being ingested is finished first), or one pass with --once.
 */
export const watchCommands: Record<string, Command> = {
  watch: async (argv) => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        settle: { type: "string", default: "5s" },
        interval: { type: "string", default: "2s" },
        format: { type: "string" },
        once: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        "no-reconstruct": { type: "boolean", default: false },
      },
    });
    const settleMs = parseDurationMs(values.settle);
    const intervalMs = parseDurationMs(values.interval);
    if (!positionals.length || settleMs === null || intervalMs === null) {
      process.stderr.write("usage: aftermath watch <dir>… [--settle 5s] [--interval 2s] [--once] [--json] [--format F]\n");
      return 1;
    }
    warmParsePool();
    const store = await openCliStore();
    let quarantined = 0;
    let failed = 0;
    let resolveStop: () => void = () => undefined;
    const stop = new Promise<void>((r) => {
      resolveStop = r;
    });
    const onSignal = () => resolveStop();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      if (!values.once)
        process.stderr.write(`watching ${positionals.join(", ")} (settle ${values.settle}, every ${values.interval}); Ctrl-C stops\n`);
      const n = await watchDirectories(store, {
        dirs: positionals,
        settleMs,
        intervalMs,
        format: values.format,
        once: values.once,
        stop,
        afterFile: values["no-reconstruct"] ? undefined : reconstructionHook(store),
        onFile: (f) => {
          quarantined += f.quarantined;
          if (f.error) failed += 1;
          process.stdout.write(
            values.json
              ? `${JSON.stringify(f)}\n`
              : `${new Date().toISOString()} ${f.path}: read ${f.read}, ingested ${f.ingested}, duplicates ${f.duplicates}, quarantined ${f.quarantined}${f.error ? `, ERROR ${f.error}` : ""}\n`,
          );
        },
        onError: (e) => process.stderr.write(`watch: ${e instanceof Error ? e.message : String(e)} (retrying)\n`),
      });
      if (!values.json) process.stderr.write(`watch: ${n} file(s) ingested\n`);
      return failed ? 1 : quarantined ? 2 : 0;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await closeParsePool();
      await store.close();
    }
  },
};
