#!/usr/bin/env node
// `npm run bench:load -- …`: page latency while uploads run (test/bench/load-bench.ts).
import { runTs } from "../../lib/cli/run-ts.mjs";

await runTs("test/bench/load-bench.ts", "loadBenchCommand", process.argv.slice(2));
