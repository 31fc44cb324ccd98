// Agent-log parse worker bootstrap: registers tsx (worker threads do not inherit the parent's loader) and loads
// the TypeScript body, like parse-worker.mjs does for CloudTrail.

import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

const root = workerData?.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(pathToFileURL(path.join(root, "lib/ingest/parse/agent-log-worker-main.ts")).href);
