import { createReadStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { expandPaths, type PipelineProgress } from "@/lib/ingest/pipeline";
import { emptyFileReport, type FileReport, IngestReport, totalReport } from "@/lib/ingest/report";

/**
 * `npx aftermath ingest <paths…> --server <url>`: streams each file as it is (gzip kept) to a running server's
 * `POST /api/ingest?name=…` with `Authorization: Bearer $AFTERMATH_TOKEN`, and builds the same report the local
 * ingest prints. Nothing here opens the local store.
 */
export type RemoteIngestOptions = {
  server: string;
  token: string;
  format?: string;
  onProgress?: (p: PipelineProgress) => void;
  /** injectable for tests */
  fetch?: typeof fetch;
  /** most retries of one file answered 429 (waiting Retry-After, at most 60 s each) */
  maxRetries?: number;
};

/** The server's base URL, checked: http(s) only, no credentials, no query. */
export function serverBase(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--server "${raw}" is not a URL (e.g. https://aftermath.example.com)`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`--server "${raw}": use an http:// or https:// URL`);
  if (u.username || u.password) throw new Error("--server: put the token in AFTERMATH_TOKEN, not in the URL");
  u.search = "";
  u.hash = "";
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  return u;
}

export function isLoopback(u: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname) || u.hostname.startsWith("127.");
}

type ErrorEnvelope = { error?: { code?: string; message?: string } };

/** A clear message for a refused upload, naming the file. */
export function refusalMessage(file: string, status: number, body: ErrorEnvelope | null, server: URL): string {
  const said = body?.error?.message ? ` (server: ${body.error.message})` : "";
  switch (status) {
    case 401:
      return `${file}: ${server.origin} refused the token (401): AFTERMATH_TOKEN is unknown, revoked or expired${said}`;
    case 403:
      return `${file}: the token may not upload to ${server.origin} (403): it needs the ingest, write or admin scope${said}`;
    case 413:
      return `${file}: larger than ${server.origin} accepts (413)${said}`;
    case 429:
      return `${file}: rate limited by ${server.origin} (429), retries used up${said}`;
    default:
      return `${file}: ${server.origin} answered ${status}${said}`;
  }
}

class Refused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function ingestRemote(paths: string[], opts: RemoteIngestOptions) {
  const started = Date.now();
  const base = serverBase(opts.server);
  const doFetch = opts.fetch ?? fetch;
  const { files, missing } = await expandPaths(paths);
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const reports: FileReport[] = missing.map((p) => ({ ...emptyFileReport(p), error: "no such file or directory" }));
  let bytesBefore = 0;
  let records = 0;
  /** After a 401/403 the same token is refused for every file: the rest are not sent. */
  let stop: string | null = null;
  const progress = (i: number, bytesDone: number, currentFile: string | null) =>
    opts.onProgress?.({
      filesDone: i,
      filesTotal: files.length,
      bytesDone,
      bytesTotal,
      records,
      elapsedMs: Date.now() - started,
      currentFile,
    });

  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (stop) {
      reports.push({ ...emptyFileReport(f.path), error: `not sent: ${stop}` });
      continue;
    }
    const url = new URL("api/ingest", base);
    url.searchParams.set("name", f.path);
    if (opts.format) url.searchParams.set("format", opts.format);
    const t0 = Date.now();
    let report: FileReport;
    try {
      report = await uploadOne(doFetch, url, f, opts, base, (sent) => progress(i, bytesBefore + sent, f.path));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof Refused && (e.status === 401 || e.status === 403)) stop = message;
      report = { ...emptyFileReport(f.path), durationMs: Date.now() - t0, error: message };
    }
    records += report.read;
    bytesBefore += f.size;
    reports.push(report);
    progress(i + 1, bytesBefore, null);
  }
  return totalReport(reports, Date.now() - started);
}

async function uploadOne(
  doFetch: typeof fetch,
  url: URL,
  f: { path: string; size: number },
  opts: RemoteIngestOptions,
  base: URL,
  onSent: (bytes: number) => void,
): Promise<FileReport> {
  const maxRetries = opts.maxRetries ?? 3;
  for (let attempt = 0; ; attempt++) {
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        sent += chunk.length;
        onSent(sent);
        cb(null, chunk);
      },
    });
    const body = Readable.toWeb(createReadStream(f.path, { highWaterMark: 1 << 20 }).pipe(counter)) as ReadableStream<Uint8Array>;
    let res: Response;
    try {
      res = await doFetch(url, {
        method: "POST",
        body,
        duplex: "half",
        redirect: "manual",
        headers: {
          authorization: `Bearer ${opts.token}`,
          "content-type": "application/octet-stream",
          "content-length": String(f.size),
        },
      } as RequestInit);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`${f.path}: cannot reach ${base.origin} (${cause?.code ?? cause?.message ?? (e as Error).message})`);
    }
    const json = await readJson(res);
    if (res.status >= 300 && res.status < 400)
      throw new Refused(
        `${f.path}: ${base.origin} redirected to ${res.headers.get("location") ?? "?"}: pass that URL as --server`,
        res.status,
      );
    const parsed = IngestReport.safeParse(json);
    if ((res.status === 200 || res.status === 207 || res.status === 413 || res.status === 500) && parsed.success && parsed.data.files[0]) {
      // The server's report for this file, under the local path (the server only knows the name it was sent).
      return { ...parsed.data.files[0], path: f.path };
    }
    if (res.status === 429 && attempt < maxRetries) {
      const wait = Math.min(60, Math.max(1, Number(res.headers.get("retry-after")) || 1));
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    if (res.ok) throw new Error(`${f.path}: ${base.origin} answered ${res.status} without an ingest report: is it an Aftermath server?`);
    throw new Refused(refusalMessage(f.path, res.status, json as ErrorEnvelope | null, base), res.status);
  }
}
