import { isStoreUnavailable } from "@/lib/db";
import { AppError, invalidParameter, payloadTooLarge, unavailable } from "@/lib/errors";
import { SizeLimitError } from "./byte-source";
import type { FileReport } from "./report";
import { UnknownFormatError } from "./sniff";

/** Why a file stopped (typed, for the HTTP status / exit code); the report keeps the message. */
const failures = new WeakMap<FileReport, AppError>();

/** The typed error that stopped this file's ingest (size limit, unknown format, store unavailable, internal), or null. */
export function ingestFailure(report: FileReport): AppError | null {
  return failures.get(report) ?? null;
}

/** Marks a report failed with a message safe to show a client (ours, never a driver's or a stack trace). */
export function failReport(report: FileReport, e: unknown): AppError {
  let err: AppError;
  if (e instanceof SizeLimitError) err = payloadTooLarge(e.message);
  else if (e instanceof UnknownFormatError) err = invalidParameter(e.message);
  else if (isStoreUnavailable(e)) err = unavailable("the database became unavailable: the report counts what was stored before that");
  else {
    console.error(`[ingest] ${report.path}:`, e);
    err = new AppError("internal", "internal error while storing the file (see the server log)");
  }
  if (err.code === "unavailable") console.error(`[ingest] ${report.path}: store unavailable:`, e instanceof Error ? e.message : e);
  if (!failures.has(report)) {
    failures.set(report, err);
    report.error = err.message;
  }
  return err;
}
