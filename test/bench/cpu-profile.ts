import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Summary of a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, for `--cpu-prof`. */

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** (idle), (garbage collector), (program) and JS */
  byFunction: { name: string; ms: number }[];
  byFile: { name: string; ms: number }[];
}

function shortUrl(url: string): string {
  if (!url) return "(native)";
  const u = url.replace(/^file:\/\//, "");
  const nm = u.lastIndexOf("/node_modules/");
  if (nm >= 0)
    return u
      .slice(nm + "/node_modules/".length)
      .split("/")
      .slice(0, u.slice(nm + 14).startsWith("@") ? 2 : 1)
      .join("/");
  const lib = u.indexOf("/lib/");
  return lib >= 0 ? u.slice(lib + 1) : u.startsWith("node:") ? u : path.basename(u);
}

export function summarizeProfile(profile: CpuProfile, file = ""): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++)
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = nodes.get(id)!.callFrame;
    const where = shortUrl(f.url);
    const name = f.url ? `${f.functionName || "(anonymous)"} ${where}:${f.lineNumber + 1}` : f.functionName || "(native)";
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const fileKey = f.url ? where : f.functionName.startsWith("(") ? f.functionName : "(native)";
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { file, totalMs: (profile.endTime - profile.startTime) / 1000, byFunction: sorted(byFunction), byFile: sorted(byFile) };
}

/** Summaries of every .cpuprofile in a directory (main thread and workers each write one). */
export function summarizeProfileDir(dir: string): ProfileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort()
    .map((f) => summarizeProfile(JSON.parse(readFileSync(path.join(dir, f), "utf8")) as CpuProfile, path.join(dir, f)));
}

export function formatProfileSummary(s: ProfileSummary, top = 15): string {
  const pct = (ms: number) => `${((ms / s.totalMs) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`${s.file} — ${(s.totalMs / 1000).toFixed(1)} s`, "  by file:"];
  for (const f of s.byFile.slice(0, top)) lines.push(`    ${pct(f.ms)}  ${(f.ms / 1000).toFixed(2).padStart(7)} s  ${f.name}`);
  lines.push("  by function (self time):");
  for (const f of s.byFunction.slice(0, top)) lines.push(`    ${pct(f.ms)}  ${(f.ms / 1000).toFixed(2).padStart(7)} s  ${f.name}`);
  return lines.join("\n");
}
