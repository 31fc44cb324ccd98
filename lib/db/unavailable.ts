/**
 * The store could not be reached in time: a connection refused or dropped, or a statement past its deadline.
 * Callers answer 503 (HTTP) or exit 1 with the report so far (CLI); never a hang.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}

/** Deadline of one statement issued for a request (AFTERMATH_DB_DEADLINE_MS, default 60 s). */
export function statementDeadlineMs(): number {
  const v = Number(process.env.AFTERMATH_DB_DEADLINE_MS);
  return Number.isFinite(v) && v > 0 ? v : 60_000;
}

/** Deadline of one bulk ingest statement (a COPY batch; AFTERMATH_DB_BULK_DEADLINE_MS, default 120 s). */
export function bulkDeadlineMs(): number {
  const v = Number(process.env.AFTERMATH_DB_BULK_DEADLINE_MS);
  return Number.isFinite(v) && v > 0 ? v : 120_000;
}

/** Deadline for opening a connection (AFTERMATH_DB_CONNECT_TIMEOUT_MS, default 5 s). */
export function connectTimeoutMs(): number {
  const v = Number(process.env.AFTERMATH_DB_CONNECT_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 5_000;
}

/** Resolves as `p` does, or rejects with StoreUnavailableError after `ms` (then `onTimeout` runs, e.g. to drop the connection). */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new StoreUnavailableError(`${what} did not complete within ${ms} ms`));
    }, ms);
    timer.unref?.();
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** Socket-level errors and PostgreSQL SQLSTATEs that mean "the server is gone or refusing", not "this statement is wrong". */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // Prisma: cannot reach, timed out, server closed the connection, pool timeout
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
]);
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

/** True when `e` (or any error in its cause chain) says the store is unreachable or a deadline passed. */
export function isStoreUnavailable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && depth < 8; depth++) {
    if (cur instanceof StoreUnavailableError) return true;
    if (typeof cur !== "object") return false;
    const o = cur as {
      code?: unknown;
      originalCode?: unknown;
      kind?: unknown;
      cause?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    const code = typeof o.code === "string" ? o.code : typeof o.originalCode === "string" ? o.originalCode : "";
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08")) return true;
    // Prisma driver-adapter error kinds for a lost or refused connection.
    if (o.kind === "DatabaseNotReachable" || o.kind === "ConnectionClosed" || o.kind === "SocketTimeout") return true;
    // node-postgres's own errors for a dropped connection carry no code.
    if (
      typeof o.message === "string" &&
      /^(Connection terminated|Client has encountered a connection error|Connection terminated unexpectedly|timeout exceeded when trying to connect)/.test(
        o.message,
      )
    )
      return true;
    cur = o.cause ?? o.meta?.driverAdapterError;
  }
  return false;
}
