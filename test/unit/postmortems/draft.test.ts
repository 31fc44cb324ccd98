import { describe, expect, it } from "vitest";
import { buildDraft, code, fenced, inline, SECTION_TITLES, timelineRows } from "@/lib/postmortems/draft";
import { citedEventIds, evidenceEventHref, parseEvidenceHref, resolveEvidenceLinks, slugify } from "@/lib/postmortems/evidence";
import { draftFixture } from "./fixture";

describe("post-mortem draft builder", () => {
  const { input, ids } = draftFixture();
  const { title, body } = buildDraft(input);

  it("has every section, in order", () => {
    expect(title).toBe(`Post-mortem: ${input.detail.title}`);
    const headings = [...body.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...SECTION_TITLES]);
  });

  it("cites facts as live evidence links, not pasted values", () => {
    expect(body).toContain(`[DeleteStack](${evidenceEventHref(ids.trigger)})`);
    const cited = citedEventIds(body);
    expect(cited).toContain(ids.trigger);
    expect(cited).toContain(ids.detect);
    expect(cited).toContain(input.detail.recovery!.eventId);
  });

  it("impact: duration, affected resources (never recreated flagged) and failed calls", () => {
    expect(body).toContain("- **Duration:** 13 h 0 min");
    expect(body).toContain("- **Failed calls on the affected resources:** 3");
    expect(body).toContain(`- **Affected resources (${input.detail.blastRadius.length}):**`);
    expect(body).toMatch(/`web-prod` — destroyed by \[DeleteStack\]/);
    const withImpact = buildDraft({ ...input, impact: { customerFacingErrors: 412, description: "5xx on /forecast" } }).body;
    expect(withImpact).toContain("- **Customer-facing errors:** 412 (5xx on /forecast)");
    expect(withImpact).not.toContain("Failed calls on the affected resources");
  });

  it("timeline: derived phases + markers + starred events + notes, in time order, each with its evidence", () => {
    const rows = timelineRows(input);
    expect(rows.map((r) => r.source)).toEqual(expect.arrayContaining(["phase", "marker", "star", "note"]));
    expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort());
    expect(body).toContain("| Time (UTC) | What | Evidence |");
    expect(body).toMatch(/\| 2025-12-08 02:30:00 UTC \| Customer tickets start arriving \| — \|/);
    expect(body).toContain(`Key event: DescribeTable | [event](${evidenceEventHref(ids.impact)})`);
    expect(body).toContain("Detection: On-call opens the console");
  });

  it("what the agent did: prompt → plan → command, approval and privilege findings", () => {
    const agent = body.slice(body.indexOf("## What the agent did"), body.indexOf("## Contributing factors"));
    expect(agent.indexOf("**Prompt**")).toBeLessThan(agent.indexOf("**Plan**"));
    expect(agent.indexOf("**Plan**")).toBeLessThan(agent.indexOf("**Command**"));
    expect(agent).toContain("aws cloudformation delete-stack --stack-name web-prod");
    expect(agent).toContain("- **Approval:** none recorded; mode autopilot.");
    expect(agent).toMatch(/inherited human session of dev\.li@example\.com/);
    // a plan holding a backtick fence cannot break out of its block
    expect(agent).toContain("````text\n1. Read logs\n2. ```rm -rf``` fix the handler\n````");
  });

  it("contributing factors: the reconstruction's findings and the marked ones", () => {
    const cf = body.slice(body.indexOf("## Contributing factors"), body.indexOf("## What went well"));
    for (const f of input.detail.findings) expect(cf).toContain(inline(f.title, 300));
    expect(cf).toContain("No deletion protection on the stack");
  });

  it("log text stays text: Markdown, links and HTML are escaped; code spans and fences hold any backticks", () => {
    expect(inline("[x](javascript:alert(1)) <b>|")).toBe("\\[x\\]\\(javascript:alert\\(1\\)\\) \\<b\\>\\|");
    expect(code("a`b")).toBe("`` a`b ``");
    expect(fenced("```\nx")).toBe("````text\n```\nx\n````");
  });
});

describe("evidence links", () => {
  it("round-trip and resolve to stable URLs", () => {
    const href = evidenceEventHref("ab/c d");
    expect(parseEvidenceHref(href)).toEqual({ type: "event", eventId: "ab/c d" });
    expect(resolveEvidenceLinks(`see [x](${href})`)).toBe("see [x](/events?event=ab%2Fc%20d)");
    expect(resolveEvidenceLinks(`see [x](${href})`, "https://a.example")).toBe("see [x](https://a.example/events?event=ab%2Fc%20d)");
    expect(parseEvidenceHref("javascript:alert(1)")).toBeNull();
    expect(slugify("What the agent did")).toBe("what-the-agent-did");
  });
});
