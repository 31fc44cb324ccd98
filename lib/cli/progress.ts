import type { PipelineProgress } from "@/lib/ingest/pipeline";

function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "--:--";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}h${String(m).padStart(2, "0")}m` : `${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
}

/** One progress line: bar, files, records/s and ETA (from bytes). */
export function progressLine(p: PipelineProgress, width = 24): string {
  const frac = p.bytesTotal ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const filled = Math.round(frac * width);
  const rate = p.elapsedMs > 0 ? Math.round((p.records * 1000) / p.elapsedMs) : 0;
  const eta = frac > 0 ? (p.elapsedMs * (1 - frac)) / frac : NaN;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  files ${p.filesDone}/${p.filesTotal}  ${p.records.toLocaleString("en-US")} records  ${rate.toLocaleString("en-US")} rec/s  ETA ${fmtDuration(eta)}`;
}

/**
 * Draws progress on stderr when it is a terminal (redrawing at most 10×/s). Elsewhere it prints nothing, unless
 * AFTERMATH_PROGRESS=lines asks for one plain line per update (for CI logs and scripts that watch progress).
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  const tty = Boolean(stream.isTTY);
  const lines = process.env.AFTERMATH_PROGRESS === "lines";
  return {
    update(p: PipelineProgress) {
      if (!tty && !lines) return;
      const now = Date.now();
      if (now - last < 100 && p.currentFile !== null) return;
      last = now;
      if (lines) stream.write(`progress ${progressLine(p)}\n`);
      else stream.write(`\r${progressLine(p).slice(0, (stream.columns || 120) - 1)}\x1b[K`);
    },
    done() {
      if (tty) stream.write("\r\x1b[K");
    },
  };
}
