#!/usr/bin/env node
// `npx aftermath …`: runs the TypeScript CLI through tsx (no build step), from the project root.
import { register as registerHooks } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

// Modules that touch the database say `import "server-only"` (a marker for Next.js bundles); outside React's
// server condition that package throws, so the CLI resolves it to its empty module.
registerHooks(
  `data:text/javascript,${encodeURIComponent(
    'export async function resolve(s, c, next) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(s, c); }',
  )}`,
);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(root);
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
process.exitCode = await main(process.argv.slice(2));
// Every command is finished here. Exit now rather than when the event loop drains: Prisma's wasm schema engine
// leaves a 10-second timer behind after a migration check, which would hold the process for nothing.
await new Promise((resolve) => process.stdout.write("", resolve));
await new Promise((resolve) => process.stderr.write("", resolve));
process.exit();
