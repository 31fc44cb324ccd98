import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { DEMO_SAFEGUARDS_EXPECTED, demoSafeguardsFile, generateDemoRemediation } from "@/lib/demo";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { reconstructionHook } from "@/lib/reconstruct/hook";
import { parseSafeguardsFile } from "@/lib/safeguards/file-schema";
import { applySafeguardsFile, evaluateSafeguards } from "@/lib/safeguards/mutations";
import { loadSafeguardRows, safeguardsAnswering } from "@/lib/safeguards/queries";
import { testStores } from "../support/stores";

/** Real-format input: the demo remediation's canonical agent logs and CloudTrail S3 files (lib/demo/remediation.ts). */
function writeRemediationFiles(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "aftermath-sg-"));
  for (const f of generateDemoRemediation().files) {
    const target = path.join(dir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  return dir;
}

const FILE = (title: string) => `
safeguards:
  - key: peer-review-kiro
    kind: peer-review
    title: "${title}"
    incidents: [e3a1f5c2-7b4d-4c8e-9f06-2d5b8a1c4e77]
    targets:
      - account: "417382950164"
        agentKinds: [kiro]
        rolloutAt: 2025-12-12T00:00:00Z
      - account: "417382950164"
        agentKinds: [claude-code]
        rolloutAt: 2025-12-12T00:00:00Z
  - key: scoped-role
    kind: scoped-agent-role
    title: Scoped agent role
    agentRoles: [cost-insights-agent-*]
    targets:
      - account: "417382950164"
        rolloutAt: 2025-12-12T00:00:00Z
      - account: "528304617293"
`;

describe.each(testStores())("safeguards on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  const statuses = async () =>
    Object.fromEntries(
      (await loadSafeguardRows(store)).flatMap((s) => [[s.key, s.status], ...s.targets.map((t) => [`${s.key}/${t.key}`, t.status])]),
    );

  it("apply creates safeguards and targets, audited; applying the same file again changes nothing", { timeout: 120_000 }, async () => {
    const file = parseSafeguardsFile(FILE("Peer review"), "safeguards.yaml");
    const first = await applySafeguardsFile(store, file, CLI_ACTOR);
    expect(first).toMatchObject({ created: ["peer-review-kiro", "scoped-role"], updated: [], unchanged: [] });
    expect(first.targets.created).toBe(4);
    const audits = await store.prisma.auditLog.count({ where: { action: { startsWith: "safeguard." } } });
    expect(audits).toBe(2);
    const again = await applySafeguardsFile(store, file, CLI_ACTOR);
    expect(again).toMatchObject({ created: [], updated: [], unchanged: ["peer-review-kiro", "scoped-role"] });
    expect(await store.prisma.auditLog.count({ where: { action: { startsWith: "safeguard." } } })).toBe(audits);
    expect(await store.prisma.safeguardTarget.count()).toBe(4);

    const changed = await applySafeguardsFile(store, parseSafeguardsFile(FILE("Peer review, renamed"), "safeguards.yaml"), CLI_ACTOR);
    expect(changed.updated).toEqual(["peer-review-kiro"]);
    const audit = await store.prisma.auditLog.findFirst({ where: { action: "safeguard.update" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorType: "system", actorLabel: "cli", targetId: "peer-review-kiro" });
    expect(JSON.stringify(audit?.diff)).toMatch(/renamed/);

    // nothing ingested yet: rolled-out targets have no evidence, the one without rollout is planned
    expect(await statuses()).toMatchObject({
      "peer-review-kiro": "no_evidence",
      "scoped-role": "no_evidence",
      "scoped-role/528304617293": "planned",
    });
  });

  it("status follows new ingests through the ingest hook: the autopilot session violates, the reviewed one verifies", {
    timeout: 180_000,
  }, async () => {
    const report = await ingestPaths(store, [writeRemediationFiles()], { afterFile: reconstructionHook(store) });
    expect(report.quarantined).toBe(0);
    const s = await statuses();
    expect(s).toMatchObject({
      "peer-review-kiro": "violated",
      "peer-review-kiro/417382950164 agents=kiro": "violated",
      "peer-review-kiro/417382950164 agents=claude-code": "verified",
      "scoped-role": "verified",
    });
    const rows = await loadSafeguardRows(store, { key: "peer-review-kiro" });
    const kiro = rows[0].targets.find((t) => t.key.endsWith("kiro"))!;
    expect(kiro).toMatchObject({ violations: 2, observations: 2 });
    const evidence = kiro.evidence as { verdict: string; sessionExternalId: string; actionKey: string }[];
    expect(evidence.every((e) => e.verdict === "violation" && e.sessionExternalId === DEMO_SAFEGUARDS_EXPECTED.autopilotSessionId)).toBe(
      true,
    );
    // a snapshot per change, for the chart
    expect(await store.prisma.safeguardEvaluation.count({ where: { targetId: kiro.id } })).toBe(2);
    // re-evaluating without new evidence adds no snapshot
    await evaluateSafeguards(store);
    expect(await store.prisma.safeguardEvaluation.count({ where: { targetId: kiro.id } })).toBe(2);
  });

  it("a policy stored as jsonb (keys reordered) still compares equal: re-applying changes nothing", async () => {
    const file = parseSafeguardsFile(JSON.stringify({ safeguards: [demoSafeguardsFile().safeguards[2]] }), "scp.json");
    expect((await applySafeguardsFile(store, file, CLI_ACTOR)).created).toEqual(["scp-deny-stack-deletes"]);
    expect(await applySafeguardsFile(store, file, CLI_ACTOR)).toMatchObject({ updated: [], unchanged: ["scp-deny-stack-deletes"] });
  });

  it("lists the safeguards answering an incident by its trigger eventID", async () => {
    const answering = await safeguardsAnswering(store, "e3a1f5c2-7b4d-4c8e-9f06-2d5b8a1c4e77");
    expect(answering.map((a) => a.key)).toEqual(["peer-review-kiro", "scp-deny-stack-deletes"]);
  });
});
