// Parse worker bootstrap: worker threads do not inherit the parent's TypeScript loader, so register tsx here
// (as lib/cli/bin.mjs does) and load the TypeScript worker body.

import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

const root = workerData?.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(pathToFileURL(path.join(root, "lib/ingest/parse/parse-worker-main.ts")).href);
