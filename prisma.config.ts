// Used only by `prisma generate` / `prisma migrate deploy` where Prisma's native engine exists.
// The app itself applies migrations through lib/db/migrate.ts (wasm schema engine).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://localhost:5432/aftermath",
  },
});
