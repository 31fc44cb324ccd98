#!/usr/bin/env node
// `npm run bench:invalid -- …`: ingest of N tiny invalid records (test/bench/invalid-bench.ts).
import { runTs } from "../../lib/cli/run-ts.mjs";

await runTs("test/bench/invalid-bench.ts", "invalidBenchCommand", process.argv.slice(2));
