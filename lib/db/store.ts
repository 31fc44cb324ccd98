import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ReplicaRouter } from "./replica-router";

/** A row from a raw query: column name → value. int8 columns arrive as string on PostgreSQL and bigint on PGlite: cast in SQL. */
export type Row = Record<string, unknown>;

/** A single database session (one connection), for bulk work that needs temp tables and COPY. */
export interface SqlSession {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Executes statements without parameters (may contain several; no result). */
  exec(sql: string): Promise<void>;
  /** COPY `table (columns)` FROM the given CSV bytes (FORMAT csv, no header); returns rows copied. */
  copyCsv(table: string, columns: string[], csv: Uint8Array): Promise<number>;
  /** COPY `table (columns)` FROM the given bytes in PostgreSQL's text format (tab-separated, `\N` for NULL). */
  copyText(table: string, columns: string[], data: Uint8Array): Promise<number>;
  /**
   * COPY (text format) and then one statement, in one transaction: both are kept or neither (the ingest's fast path
   * adds its rollup counts this way). Returns the statement's rows.
   */
  copyTextThen<R extends Row = Row>(table: string, columns: string[], data: Uint8Array, sql: string, params?: unknown[]): Promise<R[]>;
}

/** The one store the app talks to. Only lib/db knows whether it is PGlite or PostgreSQL. */
export interface Store {
  readonly kind: "pglite" | "postgres";
  readonly description: string;
  readonly prisma: PrismaClient;
  /** PostgreSQL with DATABASE_REPLICA_URLS: its streaming replicas (read through lib/db/read.ts). */
  readonly replicas?: ReplicaRouter;
  /** Runs fn on one dedicated session. */
  session<T>(fn: (s: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function copySql(table: string, columns: string[], from: string, format: "csv" | "text" = "csv"): string {
  const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `COPY ${ident(table)} (${columns.map(ident).join(", ")}) FROM ${from} WITH (FORMAT ${format})`;
}

/** True for PostgreSQL's unique_violation (SQLSTATE 23505), from either store. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505";
}

/**
 * PostgreSQL chose this statement's transaction as a deadlock victim (40P01): another transaction was inserting some of
 * the same unique keys in another order (two app instances, or an instance and the CLI, ingesting overlapping files).
 * Its work is rolled back whole; it can be retried.
 */
export function isDeadlock(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "40P01";
}
