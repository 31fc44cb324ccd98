import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Starts a throw-away PostgreSQL server on loopback for the integration tests (and the benchmark).
 * Uses the Debian PostgreSQL binaries; as root it runs the server as user `postgres` (PostgreSQL refuses root).
 */
export type PgServer = { port: number; url: (db?: string) => string; stop: () => Promise<void> };

export function findPgBin(): string {
  const candidates = [process.env.PG_BIN, "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((d) => existsSync(path.join(d, "initdb")));
  if (!found) throw new Error("PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)");
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ["runuser", ["-u", "postgres", "--", cmd, ...args]];
}

/** A temporary directory the server's user owns. */
function serverDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

export async function startPostgres(): Promise<PgServer> {
  const bin = findPgBin();
  const dir = serverDir("aftermath-pg-");
  const data = path.join(dir, "data");
  const [initCmd, initArgs] = asPostgres(path.join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "-E",
    "UTF8",
    "--locale=C",
  ]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });
  return launch(bin, dir, data);
}

/**
 * Starts a streaming standby of `primary` on loopback: pg_basebackup -R (which writes standby.signal and
 * primary_conninfo) from the primary's replication slot-less WAL stream, then a hot standby on its own port.
 * Its url() is read-only (pg_is_in_recovery() is true); stop() ends it and deletes its data.
 */
export async function startStandby(primary: PgServer): Promise<PgServer> {
  const bin = findPgBin();
  const dir = serverDir("aftermath-pg-standby-");
  const data = path.join(dir, "data");
  const [cmd, args] = asPostgres(path.join(bin, "pg_basebackup"), [
    "-h",
    "127.0.0.1",
    "-p",
    String(primary.port),
    "-U",
    "postgres",
    "-D",
    data,
    "-R",
    "-X",
    "stream",
    "--checkpoint=fast",
    "--no-sync",
  ]);
  execFileSync(cmd, args, { stdio: "pipe" });
  return launch(bin, dir, data, ["-c", "hot_standby=on", "-c", "max_standby_streaming_delay=5s"]);
}

async function launch(bin: string, dir: string, data: string, extra: string[] = []): Promise<PgServer> {
  const port = await freePort();
  const [cmd, args] = asPostgres(path.join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-h",
    "127.0.0.1",
    "-k",
    dir,
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
    "-c",
    "max_connections=200",
    "-c",
    "shared_buffers=256MB",
    ...extra,
  ]);
  const proc: ChildProcess = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  proc.unref();
  (proc.stderr as unknown as { unref?: () => void })?.unref?.();
  let stderr = "";
  proc.stderr?.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) {
      try {
        const [psqlCmd, psqlArgs] = [
          path.join(bin, "psql"),
          ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", "select 1", "-qAt"],
        ];
        execFileSync(psqlCmd, psqlArgs, { stdio: "pipe" });
        break;
      } catch {
        /* still starting */
      }
    }
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    url: (db = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    stop: async () => {
      // Signal the postmaster itself (runuser does not forward signals), then wait for it to go.
      try {
        const pid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
        if (pid) process.kill(pid, "SIGINT");
      } catch {
        proc.kill("SIGINT");
      }
      await Promise.race([
        new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once("exit", r))),
        new Promise((r) => setTimeout(r, 10_000)),
      ]);
      proc.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
