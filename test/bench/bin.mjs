#!/usr/bin/env node
// `npm run bench -- …`: the benchmark is tooling, not product, so it has its own entry point (not an `aftermath` command).
import { runTs } from "../../lib/cli/run-ts.mjs";

await runTs("test/bench/run.ts", "benchCommand", process.argv.slice(2));
