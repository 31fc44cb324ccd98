import "server-only";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ciFromEnv } from "@/lib/agent-logs/formats/claude-code-headless";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { closeParsePool, warmParsePool } from "@/lib/ingest/parse/parse-pool";
import { ingestPaths, recoverInterruptedIngests } from "@/lib/ingest/pipeline";
import { ALL_FORMATS } from "@/lib/ingest/sniff";
import { CLI_COMMANDS, ingestAfterFileHook } from "./commands";
import { progressPrinter } from "./progress";
import { ingestRemote, isLoopback, serverBase } from "./remote-ingest";
import { formatIngestReport } from "./report-text";
import { RETENTION_USAGE } from "./retention-commands";
import { ROLLUP_USAGE } from "./rollup-commands";
import { SAFEGUARDS_USAGE } from "./safeguards-commands";
import { TOKENS_USAGE } from "./tokens-commands";
import { USERS_HELP } from "./users-commands";

const HELP = `aftermath — reconstruct AI-agent-caused incidents from agent logs and AWS CloudTrail

Usage: npx aftermath <command> [options]

  ingest <file|dir>…      ingest CloudTrail files (.json, .json.gz, JSONL, lookup-events, EventBridge, S3 trees)
                          and agent logs (Claude Code incl. headless/CI output, Codex, Gemini CLI, Copilot CLI,
                          Cline, OTLP/JSON, canonical JSONL…)
      --format <name>     force a format (${ALL_FORMATS.join(", ")})
      --run-started-at <t> when the run that wrote the log started (ISO-8601): times for logs without their own
                          (Claude Code headless); in GitHub Actions the repository/workflow/run id/actor are taken
                          from GITHUB_* variables
      --json              print the report as one JSON object
      --no-reconstruct    skip incident reconstruction after ingest
      --server <url>      upload to a running Aftermath server instead of the local store (or AFTERMATH_SERVER),
                          with the API token in AFTERMATH_TOKEN (scope ingest, write or admin)
                          exit 0: nothing quarantined; 2: something quarantined; 1: fatal error
  watch <dir>…            follow directories (aws s3 sync targets, mounted buckets): ingest each new file once it
                          has settled, a changed file again; restart-safe. --settle 5s --interval 2s --once --json
  reconstruct             link agent actions to CloudTrail and rebuild incidents
  incidents [--json]      list incidents (--json: the stable JSON contract)
  postmortem <incidentId> [--format md|json]
                          export an incident's post-mortem (Markdown) or everything about it (JSON)
  migrate                 apply database migrations
${SAFEGUARDS_USAGE}
  setup [--demo]          migrate, and load the demo incident when the store is empty; with
                          AFTERMATH_ADMIN_EMAIL + AFTERMATH_ADMIN_PASSWORD, create that admin if no user exists
${USERS_HELP}${TOKENS_USAGE}${ROLLUP_USAGE}${RETENTION_USAGE}  migration:create <name> write a new migration for changes to prisma/schema.prisma (developers)

The store is chosen by DATABASE_URL: unset → embedded PGlite in ./.data/pglite; postgresql://… → PostgreSQL;
pglite:<dir> → PGlite in <dir>; pglite:memory → in memory.
`;

/** Inputs smaller than this are parsed on the main thread (no worker pool). */
const SMALL_INPUT_BYTES = 32 * 1024 * 1024;

/** Total size of the named files and directories (stops counting past the small-input threshold). */
async function inputBytes(paths: string[]): Promise<number> {
  let total = 0;
  const walk = async (p: string): Promise<void> => {
    if (total >= SMALL_INPUT_BYTES) return;
    const st = await stat(p).catch(() => null);
    if (!st) return;
    if (st.isFile()) total += st.size;
    else if (st.isDirectory()) for (const e of await readdir(p)) await walk(path.join(p, e));
  };
  for (const p of paths) await walk(p);
  return total;
}

/** Opens and migrates the store; cleans up ingests a dead process left behind. */
export async function openCliStore(): Promise<Store> {
  const store = await openStore();
  await migrateStore(store);
  // PGlite's data directory is locked to this process: any "running" ingest in it is from a process that died.
  await recoverInterruptedIngests(store, { everyRunning: store.kind === "pglite" });
  return store;
}

/** Runs a command's work on the CLI store (opened and migrated as above) and closes it afterwards. */
export async function withCliStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCliStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      json: { type: "boolean", default: false },
      "no-reconstruct": { type: "boolean", default: false },
      "run-started-at": { type: "string" },
      server: { type: "string" },
    },
  });
  if (!positionals.length) {
    process.stderr.write("aftermath ingest: name at least one file or directory\n");
    return 1;
  }
  if (values.format && !ALL_FORMATS.includes(values.format)) {
    process.stderr.write(`aftermath ingest: unknown format "${values.format}" (known: ${ALL_FORMATS.join(", ")})\n`);
    return 1;
  }
  const runStartedAt = values["run-started-at"] ? Date.parse(values["run-started-at"]) : undefined;
  if (runStartedAt !== undefined && !Number.isFinite(runStartedAt)) {
    process.stderr.write(`aftermath ingest: --run-started-at "${values["run-started-at"]}" is not an ISO-8601 time\n`);
    return 1;
  }
  const context = { runStartedAt, ci: ciFromEnv(process.env) ?? undefined };
  // Parse workers pay off for big inputs only; each is a V8 isolate with the TypeScript loader (~0.1 GB RSS).
  if (process.env.AFTERMATH_PARSE_WORKERS === undefined && (await inputBytes(positionals)) < SMALL_INPUT_BYTES)
    process.env.AFTERMATH_PARSE_WORKERS = "0";
  const server = values.server ?? process.env.AFTERMATH_SERVER;
  if (server) return ingestToServer(positionals, server, values.format, values.json);
  warmParsePool();
  let store: Store;
  try {
    store = await openCliStore();
  } catch (e) {
    await closeParsePool();
    throw e;
  }
  try {
    const progress = progressPrinter();
    const afterFile = values["no-reconstruct"] ? undefined : await ingestAfterFileHook(store);
    const report = await ingestPaths(store, positionals, {
      format: values.format,
      via: "cli",
      actor: CLI_ACTOR,
      onProgress: progress.update,
      afterFile,
      context,
    });
    progress.done();
    if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${formatIngestReport(report, { baseUrl: process.env.AFTERMATH_URL })}\n`);
    if (report.files.some((f) => f.error)) return 1;
    return report.quarantined > 0 ? 2 : 0;
  } finally {
    await closeParsePool();
    await store.close();
  }
}

/** `ingest --server`: each file streamed to the server's /api/ingest; same progress, report and exit codes. */
async function ingestToServer(paths: string[], server: string, format: string | undefined, json: boolean): Promise<number> {
  const token = process.env.AFTERMATH_TOKEN?.trim();
  if (!token) {
    process.stderr.write(
      "aftermath ingest --server: set AFTERMATH_TOKEN to an API token (npx aftermath tokens create, or Settings → API tokens)\n",
    );
    return 1;
  }
  const base = serverBase(server);
  if (base.protocol === "http:" && !isLoopback(base))
    process.stderr.write(`aftermath ingest: warning: ${base.origin} is plain http: the token travels unencrypted\n`);
  const progress = progressPrinter();
  const report = await ingestRemote(paths, { server, token, format, onProgress: progress.update });
  progress.done();
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${formatIngestReport(report)}\n`);
  if (report.files.some((f) => f.error)) return 1;
  return report.quarantined > 0 ? 2 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "ingest":
        return await ingestCommand(rest);
      case "migrate": {
        const store = await openStore();
        try {
          const applied = await migrateStore(store);
          process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : `${store.description}: up to date\n`);
          return 0;
        } finally {
          await store.close();
        }
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(HELP);
        return command ? 0 : 1;
      default: {
        const extra = CLI_COMMANDS[command];
        if (extra) return await extra(rest);
        process.stderr.write(`aftermath: unknown command "${command}"\n\n${HELP}`);
        return 1;
      }
    }
  } catch (e) {
    process.stderr.write(`aftermath ${command}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
