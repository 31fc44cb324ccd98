import { readFileSync } from "node:fs";
import { parseAgentLog } from "@/lib/agent-logs";

const f = process.argv[2];
const r = parseAgentLog(readFileSync(f, "utf8"), { fileName: f, fileTime: process.argv[3] ? Number(process.argv[3]) : undefined });
console.log(r.format, r.read, r.notes);
for (const q of r.quarantine) console.log("Q", q.position, q.reason, q.rawText.slice(0, 150));
for (const q of r.skipped) console.log("S", q.position, q.reason);
for (const s of r.sessions) {
  console.log(
    "SESSION",
    s.externalId,
    s.kind,
    s.model,
    s.agentVersion,
    s.mode,
    s.approvalPolicy,
    s.startedAt && new Date(s.startedAt).toISOString(),
    s.timesApproximate,
    JSON.stringify(s.ci),
  );
  for (const a of s.actions)
    console.log(
      "  ",
      a.seq,
      a.kind,
      new Date(a.at).toISOString(),
      a.tool,
      a.command,
      a.exitCode,
      a.isError,
      JSON.stringify(a.approval),
      (a.text ?? "").slice(0, 60).replace(/\n/g, " "),
      "out=",
      (a.output ?? "").slice(0, 40).replace(/\n/g, " "),
      "rc=",
      a.recordCount,
    );
}
