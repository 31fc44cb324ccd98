import path from "node:path";
import { defineConfig } from "vitest/config";

/** Browser journeys: playwright-core + Debian Chromium against the built app (test/browser/support/global-setup.ts). */
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
    globalSetup: ["test/browser/support/global-setup.ts"],
  },
});
