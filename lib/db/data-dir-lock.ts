import { closeSync, constants, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

export type DataDirLock = { release(): void };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is single-process: two processes opening one data directory would corrupt it. A lock file with
 * the owner's pid keeps a second process out with a clear message; a stale lock (dead pid) is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number(readFileSync(file, "utf8").trim());
      if (owner && owner !== process.pid && alive(owner)) {
        throw new Error(
          `The embedded database ${dataDir} is open in another process (pid ${owner}). ` +
            `Stop it first, or ingest through that app (upload page or POST /api/ingest), or set DATABASE_URL.`,
        );
      }
      try {
        unlinkSync(file);
      } catch {
        /* raced */
      }
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
