// `npm test`: Biome (lint + format, as CI), every test — units and DB integration on PGlite and PostgreSQL, then the
// browser journeys against the built app — and one closing line "N passed, N failed" summed over both runs (a
// lint failure counts as one failed).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const deps = spawnSync("bash", ["test/ensure-system-deps.sh"], { stdio: "inherit" });
if (deps.status !== 0) process.exit(deps.status ?? 1);

// The corpus tests read real samples from ../shared/corpus (CI clones next to it); say so up front when it is absent.
const corpus = path.resolve("..", "shared", "corpus");
if (!existsSync(corpus))
  console.warn(
    `\n[test] ${corpus} is missing: the tests that read the real CloudTrail and agent-log samples will fail. Clone this repository next to the shared/ directory.\n`,
  );

// Lint and format first (the same check CI runs): Biome's errors fail the run, after the tests have still run.
const lint = spawnSync("npx", ["biome", "ci", "."], { stdio: "inherit" });
const lintFailed = lint.status !== 0;

const out = path.resolve("test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const runs = [
  { name: "unit+integration", args: ["vitest", "run"] },
  { name: "browser", args: ["vitest", "run", "--config", "vitest.browser.config.ts"] },
];
let passed = 0;
let failed = 0;
let status = 0;
for (const run of runs) {
  const file = path.join(out, `${run.name}.json`);
  const r = spawnSync("npx", [...run.args, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], {
    stdio: "inherit",
    env: process.env,
  });
  if (r.status !== 0) status = r.status ?? 1;
  try {
    const json = JSON.parse(readFileSync(file, "utf8"));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
  } catch {
    console.error(`${run.name}: no test report (the run failed before reporting)`);
    failed += 1;
    status ||= 1;
  }
}
if (lintFailed) {
  console.error("\nlint: `npx biome ci .` found errors (fix them, or `npm run format` for the formatting ones)");
  failed += 1;
  status ||= 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status);
