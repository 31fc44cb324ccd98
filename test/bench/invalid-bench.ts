import { parseArgs } from "node:util";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { closeAgentLogWorker } from "@/lib/ingest/parse/agent-log-pool";
import { closeParsePool } from "@/lib/ingest/parse/parse-pool";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { benchStoreKinds, withThrowAwayStore } from "./bench-store";

/**
 * `npm run bench:invalid`: a CloudTrail JSON-lines file of one valid record followed by N tiny invalid ones (issue 14
 * item 7: "2M tiny invalid records take 140 s"). Prints how long the ingest took, records/s, and whether every invalid
 * record was quarantined (report and table counts must both equal N).
 */

const USAGE = "npm run bench:invalid -- [--store pglite|postgres|both] [--records 2000000]";

/** The tiny invalid lines, in turn: not JSON, JSON that is not a record, a record missing its fields. */
export const TINY_INVALID = ["{oops", "[1]", '{"eventVersion":"1.08"}'] as const;

/** The file as 1 MiB chunks: one valid CloudTrail record (so the file is recognised), then `n` tiny invalid lines. */
export async function* tinyInvalidFile(n: number): AsyncGenerator<Uint8Array> {
  yield Buffer.from(`${JSON.stringify(syntheticRecord(0, { seed: 5, total: 1 }))}\n`);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; i < n; i++) {
    const line = TINY_INVALID[i % TINY_INVALID.length];
    lines.push(line);
    size += line.length + 1;
    if (size >= 1 << 20) {
      yield Buffer.from(`${lines.join("\n")}\n`);
      lines.length = 0;
      size = 0;
    }
  }
  if (lines.length) yield Buffer.from(`${lines.join("\n")}\n`);
}

export async function invalidBenchCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      store: { type: "string", default: "both" },
      records: { type: "string", default: "2000000" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const n = Number(values.records);
  let pass = true;
  try {
    for (const kind of benchStoreKinds(values.store)) {
      pass =
        (await withThrowAwayStore(kind, "aftermath-invalid-", async (store) => {
          const t0 = performance.now();
          const r = await ingestFile(store, { name: "tiny-invalid.jsonl", chunks: tinyInvalidFile(n), via: "cli" });
          const s = (performance.now() - t0) / 1000;
          const stored = await store.prisma.quarantinedRecord.count();
          const ok = r.quarantined === n && stored === n && r.ingested === 1 && !r.error;
          process.stdout.write(
            `${kind}: ${n} tiny invalid records in ${s.toFixed(1)} s (${Math.round(n / s)} records/s); report quarantined ${r.quarantined}, table ${stored}, ingested ${r.ingested}${r.error ? `, error ${r.error}` : ""} ${ok ? "OK" : "MISMATCH"}\n`,
          );
          process.stdout.write(`${JSON.stringify({ target: kind, records: n, seconds: s, quarantined: r.quarantined, stored, ok })}\n`);
          return ok;
        })) && pass;
    }
  } finally {
    await closeParsePool();
    await closeAgentLogWorker();
  }
  return pass ? 0 : 1;
}
