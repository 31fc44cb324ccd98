import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { type AgentLogParseOptions, type AgentLogParseResult, parseAgentLog } from "@/lib/agent-logs";
import { AgentSessionInput } from "@/lib/model/agent";

export const REPO = path.resolve(import.meta.dirname, "../../..");
/** The shared corpus beside the checkout (CI has `../shared` next to the repo). */
export const CORPUS = path.resolve(REPO, "../shared/corpus/agent-logs");
export const FIXTURES = path.resolve(REPO, "test/fixtures/agent-logs");

export function parseFile(file: string, opts: Partial<AgentLogParseOptions> = {}): AgentLogParseResult {
  return parseAgentLog(readFileSync(file, "utf8"), { fileName: file, ...opts });
}

/** Every record counted once, and every session valid against the contract. */
export function expectAccounted(r: AgentLogParseResult): void {
  const inActions = r.sessions.reduce((n, s) => n + s.actions.reduce((m, a) => m + a.recordCount, 0), 0);
  const meta = r.sessions.reduce((n, s) => n + s.metaRecords, 0);
  expect(inActions + meta + r.skipped.length + r.quarantine.length).toBe(r.read);
  for (const s of r.sessions) {
    const v = AgentSessionInput.safeParse(s);
    if (!v.success) throw new Error(`session ${s.externalId} breaks the contract: ${JSON.stringify(v.error.issues.slice(0, 3))}`);
    for (const [i, a] of s.actions.entries()) expect(a.seq).toBe(i);
  }
}
