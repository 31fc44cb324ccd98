#!/usr/bin/env node
// `npx aftermath …`: runs the TypeScript CLI through tsx (no build step), from the project root.
import { runTs } from "./run-ts.mjs";

await runTs("lib/cli/main.ts", "main", process.argv.slice(2));
