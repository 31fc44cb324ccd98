"use client";

import { type DragEvent, useCallback, useRef, useState } from "react";
import { formatBytes, formatCount } from "@/lib/format";
import { ingestUrl, readIngestResponse, type UploadOutcome } from "@/lib/upload/ingest-response";
import { FileResult } from "./file-result";
import { xhrUpload } from "./xhr-upload";

export type UploadItem = {
  key: string;
  name: string;
  size: number;
  format: string | null;
  status: "queued" | "uploading" | "processing" | "done" | "failed";
  loaded: number;
  outcome: UploadOutcome | null;
};

const COUNT_KEYS = ["read", "ingested", "duplicates", "quarantined", "skipped", "conflicts", "redactions"] as const;

/**
 * Pick or drop several files; each is sent as its own request (raw body) to /api/ingest, one after another, with
 * upload progress, then the server's per-file report.
 */
export function Uploader({ formats }: { formats: string[] }) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [format, setFormat] = useState("");
  const [over, setOver] = useState(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inputRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((prev) => prev.map((it) => (it.key === key ? { ...it, ...patch } : it)));
  }, []);

  const addFiles = useCallback(
    (files: FileList | File[]) => {
      const list = Array.from(files);
      if (list.length === 0) return;
      const chosen = format || null;
      const added = list.map((file) => ({
        file,
        item: {
          key: `${++seq.current}`,
          name: file.name,
          size: file.size,
          format: chosen,
          status: "queued" as const,
          loaded: 0,
          outcome: null,
        },
      }));
      setItems((prev) => [...added.map((a) => a.item), ...prev]);
      for (const { file, item } of added) {
        queue.current = queue.current.then(async () => {
          update(item.key, { status: "uploading" });
          const res = await xhrUpload(ingestUrl(file.name, item.format), file, (loaded, total) =>
            update(item.key, { loaded: Math.min(loaded, total), status: loaded >= total ? "processing" : "uploading" }),
          );
          const outcome = readIngestResponse(res.status, res.body);
          const failed = outcome.kind === "error" || outcome.report.files.some((f) => f.error);
          update(item.key, { status: failed ? "failed" : "done", loaded: file.size, outcome });
        });
      }
    },
    [format, update],
  );

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    addFiles(e.dataTransfer.files);
  };

  const reports = items.flatMap((it) => (it.outcome?.kind === "report" ? [it.outcome.report] : []));
  const totals = Object.fromEntries(COUNT_KEYS.map((k) => [k, reports.reduce((n, r) => n + r[k], 0)])) as Record<
    (typeof COUNT_KEYS)[number],
    number
  >;
  const busy = items.some((it) => it.status === "queued" || it.status === "uploading" || it.status === "processing");

  return (
    <>
      <section
        aria-label="Upload files"
        className={`dropzone${over ? " over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <strong>Drop files here</strong>
        <span>
          CloudTrail (.json, .json.gz, .jsonl, lookup-events output, CloudTrail Lake exports) or agent logs (Claude Code, Codex, …)
        </span>
        <div className="dropzone-actions">
          <button type="button" className="btn primary" onClick={() => inputRef.current?.click()}>
            Choose files…
          </button>
          <label className="muted inline-field">
            Format
            <select className="select" value={format} onChange={(e) => setFormat(e.target.value)} data-testid="format-select">
              <option value="">Detect automatically</option>
              {formats.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="sr-only" htmlFor="upload-files">
          Files to ingest
        </label>
        <input
          id="upload-files"
          ref={inputRef}
          type="file"
          multiple
          className="sr-only"
          data-testid="file-input"
          onChange={(e) => {
            if (e.currentTarget.files) addFiles(e.currentTarget.files);
            e.currentTarget.value = "";
          }}
        />
      </section>

      {items.length > 0 ? (
        <section className="panel gap-top-12" data-testid="upload-totals">
          <div className="panel-head">
            <h2>
              {items.length} {items.length === 1 ? "file" : "files"}
            </h2>
            <span className="muted">{busy ? "Uploading…" : "All uploads finished"}</span>
          </div>
          <div className="panel-body stats">
            {COUNT_KEYS.map((k) => (
              <div
                key={k}
                className={`stat${k === "quarantined" && totals[k] > 0 ? " bad" : k === "conflicts" && totals[k] > 0 ? " warn" : ""}`}
              >
                <div className="label">{k}</div>
                <div className="value" data-testid={`total-${k}`}>
                  {formatCount(totals[k])}
                </div>
              </div>
            ))}
          </div>
        </section>
      ) : null}

      {items.map((it) => (
        <section key={it.key} className="panel" data-testid="file-report" data-status={it.status}>
          <div className="panel-head">
            <h3 className="break-all">{it.name}</h3>
            <span className="faint">{formatBytes(it.size)}</span>
            {it.format ? <span className="badge neutral">{it.format}</span> : null}
            <span className="muted push-right">{statusText(it)}</span>
          </div>
          {it.status === "uploading" || it.status === "queued" || it.status === "processing" ? (
            <div className="panel-body">
              <div
                className="progress"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={it.size}
                aria-valuenow={it.loaded}
                aria-label={`Upload of ${it.name}`}
              >
                <div style={{ width: `${it.size ? Math.round((it.loaded / it.size) * 100) : 100}%` }} />
              </div>
            </div>
          ) : null}
          {it.outcome ? <FileResult outcome={it.outcome} /> : null}
        </section>
      ))}
    </>
  );
}

function statusText(it: UploadItem): string {
  switch (it.status) {
    case "queued":
      return "Waiting";
    case "uploading":
      return `Uploading ${it.size ? Math.round((it.loaded / it.size) * 100) : 0}%`;
    case "processing":
      return "Uploaded, ingesting…";
    case "done":
      return it.outcome?.status === 207 ? "Done, with quarantined records" : "Done";
    case "failed":
      return "Failed";
  }
}
