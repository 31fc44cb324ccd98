#!/usr/bin/env node
// `npm run bench:replica -- …`: page latency during an ingest, reads on the primary vs on a streaming replica (test/bench/replica-bench.ts).
import { runTs } from "../../lib/cli/run-ts.mjs";

await runTs("test/bench/replica-bench.ts", "replicaBenchCommand", process.argv.slice(2));
