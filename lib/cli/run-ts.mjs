// Runs a TypeScript entry point through tsx (no build step), from the project root: `npx aftermath` (lib/cli/bin.mjs)
// and `npm run bench` (test/bench/bin.mjs) both start here.
import { register as registerHooks } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

/** Imports `entry` (a path from the project root), awaits `exportName(argv)` as the exit status, and exits. */
export async function runTs(entry, exportName, argv) {
  // Modules that touch the database say `import "server-only"` (a marker for Next.js bundles); outside React's
  // server condition that package throws, so the command line resolves it to its empty module.
  registerHooks(
    `data:text/javascript,${encodeURIComponent(
      'export async function resolve(s, c, next) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(s, c); }',
    )}`,
  );
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  process.chdir(root);
  register({ tsconfig: path.join(root, "tsconfig.json") });
  const mod = await import(pathToFileURL(path.join(root, entry)).href);
  process.exitCode = await mod[exportName](argv);
  // Every command is finished here. Exit now rather than when the event loop drains: Prisma's wasm schema engine
  // leaves a 10-second timer behind after a migration check, which would hold the process for nothing.
  await new Promise((resolve) => process.stdout.write("", resolve));
  await new Promise((resolve) => process.stderr.write("", resolve));
  process.exit();
}
