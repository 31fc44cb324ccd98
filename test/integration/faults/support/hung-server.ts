import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getStore } from "@/lib/db";
import { installGracefulShutdown } from "@/lib/db/shutdown";

/**
 * A server shaped like Next's on SIGTERM (close, then wait for pending requests) with a request that never ends
 * (an upload waiting on the database). Used by shutdown.test.ts through lib/cli/run-ts.mjs;
 * AFTERMATH_NO_SHUTDOWN=1 leaves the graceful shutdown out.
 */
export async function main(): Promise<number> {
  const store = await getStore();
  await store.prisma.$queryRaw`SELECT 1`;
  if (process.env.AFTERMATH_NO_SHUTDOWN !== "1") installGracefulShutdown();
  const server = createServer(() => {
    /* never answers */
  });
  process.on("SIGTERM", () => server.close(() => process.exit(143)));
  server.listen(0, "127.0.0.1", () => process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`));
  return new Promise<number>(() => undefined);
}
