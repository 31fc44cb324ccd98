// Starts hung-server.ts the way the CLI starts its commands (tsx, server-only resolved to an empty module).
import { runTs } from "../../../../lib/cli/run-ts.mjs";

await runTs("test/integration/faults/support/hung-server.ts", "main", []);
