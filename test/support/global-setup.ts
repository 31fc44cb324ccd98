import type { TestProject } from "vitest/node";
import { type PgServer, startPostgres } from "./postgres-server";

let server: PgServer | null = null;

/** One PostgreSQL server for the whole run; each test file makes its own database on it. */
export async function setup(project: TestProject) {
  if (process.env.TEST_PG_URL) {
    project.provide("pgUrl", process.env.TEST_PG_URL);
    return;
  }
  server = await startPostgres();
  project.provide("pgUrl", server.url());
}

export async function teardown() {
  await server?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
