import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseAgentLog } from "@/lib/agent-logs";

const root = process.argv[2];
const walk = (d: string): string[] =>
  readdirSync(d).flatMap((n) => {
    const p = path.join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
for (const f of walk(root).sort()) {
  const r = parseAgentLog(readFileSync(f, "utf8"), { fileName: f, fileTime: Date.UTC(2025, 0, 1) });
  const acts = r.sessions.reduce((n, s) => n + s.actions.length, 0);
  const tools = r.sessions.reduce((n, s) => n + s.actions.filter((a) => a.kind === "tool_call").length, 0);
  console.log(
    `${path.relative(root, f).slice(-70).padEnd(70)} ${String(r.format).padEnd(22)} read=${r.read} acts=${acts} tools=${tools} q=${r.quarantine.length} sk=${r.skipped.length}${r.quarantine[0] ? " Q:" + r.quarantine[0].reason.slice(0, 100) : ""}`,
  );
}
