import type { NextConfig } from "next";
import { API_CSP } from "./lib/http/csp";

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
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() from next/navigation renders app/forbidden.tsx with status 403 (the page guard, lib/auth/require-user.ts)
  experimental: { authInterrupts: true },
  /** Every response: no sniffing, no referrer to other sites, no framing. Pages get their nonce CSP from proxy.ts;
   * API responses a deny-all CSP. */
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "same-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ];
    return [
      { source: "/:path*", headers: common },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: "/v1/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
