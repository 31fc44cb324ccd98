import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { getSessionDetail, LINKS_PER_ACTION, listSessionActions, listSessions, sessionFacets } from "@/lib/sessions/queries";
import { testStores } from "../support/stores";
import {
  ACCOUNT,
  CASCADE,
  HOSTILE,
  PRINCIPAL_A,
  PRINCIPAL_B,
  seedViewWorld,
  T0,
  TRIGGER_ID,
  type ViewWorld,
} from "../support/view-fixtures";

describe.each(testStores())("session views on $name", ({ open }) => {
  let store: Store;
  let w: ViewWorld;
  beforeAll(async () => {
    store = await open();
    w = await seedViewWorld(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("lists sessions newest first with their counts, principal and incidents", async () => {
    const page = await listSessions(store, {});
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.externalId)).toEqual(["sess-a", "sess-b"]);
    expect(page.rows[0]).toMatchObject({
      id: w.sessionA,
      kind: "claude-code",
      mode: "bypass",
      user: "alice",
      startedAt: new Date(T0).toISOString(),
      durationMs: 30 * 60_000,
      toolCalls: 3,
      destructive: 2,
      approvals: 1,
      rejections: 0,
      redactions: 2,
      principalArn: PRINCIPAL_A,
      principalFrom: "log",
      incidents: 1,
      blocked: 1,
      linkedEvents: 2 + CASCADE + 1 + 3,
    });
    // session B's log has no identity: the principal comes from its linked CloudTrail call
    expect(page.rows[1]).toMatchObject({
      principalArn: PRINCIPAL_B,
      principalFrom: "cloudtrail",
      incidents: 0,
      blocked: 1,
      linkedEvents: 1,
    });
  });

  it("sorts by allow-listed columns and filters by kind, mode and text", async () => {
    expect((await listSessions(store, { sort: "startedAt", dir: "asc" })).rows.map((r) => r.externalId)).toEqual(["sess-b", "sess-a"]);
    expect((await listSessions(store, { sort: "destructive", dir: "asc" })).rows.map((r) => r.externalId)).toEqual(["sess-b", "sess-a"]);
    expect((await listSessions(store, { sort: "user", dir: "desc" })).rows.map((r) => r.user)).toEqual(["carol", "alice"]);
    expect((await listSessions(store, { sort: "duration", dir: "desc" })).rows.map((r) => r.externalId)).toEqual(["sess-b", "sess-a"]);
    expect((await listSessions(store, { kind: "codex" })).rows.map((r) => r.externalId)).toEqual(["sess-b"]);
    expect((await listSessions(store, { mode: "bypass" })).total).toBe(1);
    expect((await listSessions(store, { q: "ALICE-LAP" })).rows.map((r) => r.externalId)).toEqual(["sess-a"]);
    expect((await listSessions(store, { q: "%" })).total).toBe(0);
    // a hostile sort key falls back to the default order instead of reaching SQL
    expect((await listSessions(store, { sort: "id; DROP TABLE agent_session" as never })).total).toBe(2);
  });

  it("pages with offset and limit", async () => {
    const p1 = await listSessions(store, { limit: 1, offset: 0 });
    const p2 = await listSessions(store, { limit: 1, offset: 1 });
    const p3 = await listSessions(store, { limit: 1, offset: 2 });
    expect([p1.total, p2.total, p3.total]).toEqual([2, 2, 2]);
    expect([...p1.rows, ...p2.rows].map((r) => r.externalId)).toEqual(["sess-a", "sess-b"]);
    expect(p3.rows).toEqual([]);
  });

  it("offers the kinds and modes present", async () => {
    expect(await sessionFacets(store)).toEqual({ kinds: ["claude-code", "codex"], modes: ["bypass", "on-request"] });
  });

  it("shows a session's header, identity evidence, incidents, blocked attempts and session-level links", async () => {
    const s = (await getSessionDetail(store, w.sessionA))!;
    expect(s).toMatchObject({
      cwd: "/home/alice/shop",
      model: "claude-sonnet-4-5",
      actionCount: 5,
      source: { id: w.sourceId, fileName: "alice-session.jsonl", format: "claude-code" },
      awsIdentity: {
        principalArn: PRINCIPAL_A,
        accountId: ACCOUNT,
        profile: "prod-admin",
        evidence: ["sts get-caller-identity output (toolu_id)"],
      },
    });
    expect(s.incidentRefs).toEqual([
      {
        id: w.incident1,
        title: expect.stringContaining("DeleteStack"),
        status: "resolved",
        startedAt: expect.any(String),
        durationMinutes: 780,
        triggerEventId: TRIGGER_ID,
      },
    ]);
    expect(s.blockedAttempts).toHaveLength(1);
    expect(s.blockedAttempts[0]).toMatchObject({
      eventId: "ev-denied",
      eventName: "DeleteDBInstance",
      errorCode: "AccessDenied",
      executed: false,
      command: "aws rds delete-db-instance --db-instance-identifier db-1",
      actionSeq: 4,
      confidence: "high",
    });
    expect(s.sessionLinks.map((l) => l.eventId)).toEqual(["ev-poll-0", "ev-poll-1", "ev-poll-2"]);
    expect(s.sessionLinkTotal).toBe(3);
    expect(s.sessionLinks[0]).toMatchObject({ actionId: null, confidence: "low", evidence: ["same principal, inside the session"] });
  });

  it("returns null for unknown or malformed ids", async () => {
    expect(await getSessionDetail(store, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await getSessionDetail(store, "not-a-uuid' OR 1=1 --")).toBeNull();
    expect(await listSessionActions(store, "nope", { offset: 0 })).toEqual([]);
  });

  it("tells the story in order with approvals, parsed commands, results and the calls each step caused", async () => {
    const acts = await listSessionActions(store, w.sessionA, { offset: 0 });
    expect(acts.map((a) => [a.seq, a.kind])).toEqual([
      [0, "prompt"],
      [1, "plan"],
      [2, "tool_call"],
      [3, "tool_call"],
      [4, "tool_call"],
    ]);
    expect(acts[0]).toMatchObject({
      actor: "user",
      text: "Fix the checkout latency. Do not touch the database.",
      approval: null,
      links: [],
    });
    const [, , read, del, denied] = acts;
    expect(read).toMatchObject({
      command: HOSTILE,
      inputText: null,
      exitCode: 0,
      output: "bucket-a\nbucket-b\n",
      approval: { state: "approved", label: "Approved by alice", human: true },
    });
    expect(read.commands).toEqual([{ program: "aws", risk: "read", riskReason: "aws s3 ls", operation: "s3 ls" }]);
    expect(read.links.map((l) => [l.eventId, l.confidence])).toEqual([["ev-ls", "high"]]);
    expect(del).toMatchObject({ risk: "destructive", approval: { state: "none", label: "No approval recorded" }, linkTotal: 1 + CASCADE });
    expect(del.links).toHaveLength(LINKS_PER_ACTION);
    expect(del.links[0]).toMatchObject({
      eventId: TRIGGER_ID,
      eventName: "DeleteStack",
      risk: "destructive",
      executed: true,
      resources: ["shop-prod"],
      evidence: ["aws cloudformation delete-stack maps to DeleteStack", "same principal"],
    });
    const times = del.links.map((l) => Date.parse(l.eventTime));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(denied).toMatchObject({
      exitCode: 254,
      isError: true,
      links: [{ eventId: "ev-denied", executed: false, errorCode: "AccessDenied" }],
    });
  });

  it("pages through a session's actions", async () => {
    const a = await listSessionActions(store, w.sessionA, { offset: 0, limit: 2 });
    const b = await listSessionActions(store, w.sessionA, { offset: 2, limit: 2 });
    const c = await listSessionActions(store, w.sessionA, { offset: 4, limit: 2 });
    expect([...a, ...b, ...c].map((x) => x.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(c[0].links[0]?.eventId).toBe("ev-denied");
  });
});
