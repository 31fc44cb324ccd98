// Generates the Prisma client (lib/generated/prisma). Prisma's CLI wants a native schema engine it cannot
// download here; `generate` never runs it, so any executable satisfies the check.
import { spawnSync } from "node:child_process";

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate", "--schema", "prisma/schema.prisma"], {
  stdio: "inherit",
  env,
});
process.exit(r.status ?? 1);
