import { describe, expect, it } from "vitest";
import { parseAgentLog } from "@/lib/agent-logs";
import { expectAccounted } from "./helpers";

const line = (o: unknown) => JSON.stringify(o);
/** A real NUL character anywhere in a string or key (PostgreSQL text can't store it). */
const hasNul = (v: unknown): boolean =>
  typeof v === "string"
    ? v.includes("\u0000")
    : Array.isArray(v)
      ? v.some(hasNul)
      : v !== null && typeof v === "object"
        ? Object.entries(v).some(([k, x]) => k.includes("\u0000") || hasNul(x))
        : false;
const base = { sessionId: "s1" };

describe("huge and hostile input", () => {
  it("bounds outputs, commands and raw records; replaces NUL", async () => {
    const bigOut = `${"A".repeat(300_000)}THE-END`;
    const text = [
      line({ type: "session_start", ...base, agent: "bot", mode: "autopilot", startedAt: "2025-01-01T00:00:00Z" }),
      line({
        type: "tool_call",
        ...base,
        toolCallId: "t1",
        at: "2025-01-01T00:00:01Z",
        tool: "shell",
        command: `echo ${"x".repeat(40_000)} \u0000 && rm -rf /data`,
      }),
      line({ type: "tool_result", ...base, toolCallId: "t1", at: "2025-01-01T00:00:02Z", exitCode: 0, output: `start\u0000${bigOut}` }),
      line({ type: "prompt", ...base, at: "2025-01-01T00:00:03Z", text: "bad \ud800 surrogate and \u0000 nul" }),
    ].join("\n");
    const r = await parseAgentLog(text, { fileName: "big.jsonl" });
    expectAccounted(r);
    const [call, prompt] = r.sessions[0].actions;
    expect(call.output!.length).toBeLessThan(6000);
    expect(call.output).toMatch(/…\[\d+ chars omitted\]…/);
    expect(call.output!.endsWith("THE-END")).toBe(true);
    expect(call.output).not.toContain("\u0000");
    expect(call.command!.length).toBeLessThan(17_000);
    expect(call.commands.map((c) => c.program)).toEqual(["echo", "rm"]);
    expect(call.risk).toBe("destructive");
    const raw = JSON.stringify(call.raw);
    expect(raw).toContain('"truncated":true');
    expect(hasNul(call.raw)).toBe(false);
    expect(hasNul(r)).toBe(false);
    expect(prompt.text).not.toMatch(/[\u0000\ud800]/);
  });

  it("a 2 MB single-line garbage file and control characters don't crash", async () => {
    const junk = `{${'\u0001\u0002"['.repeat(500_000)}`;
    const r = await parseAgentLog(junk, { fileName: "junk.jsonl", format: "claude-code" });
    expectAccounted(r);
    expect(r.quarantine).toHaveLength(1);
    expect(r.quarantine[0].rawText.length).toBeLessThanOrEqual(256 * 1024 + 100);
  });
});
