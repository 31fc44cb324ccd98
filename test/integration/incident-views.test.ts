import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { resetPhaseEdit, upsertPhaseEdit } from "@/lib/incidents/mutations";
import {
  getIncidentView,
  incidentFacets,
  incidentScope,
  incidentSummary,
  listIncidents,
  sessionsWithBlockedAttempts,
} from "@/lib/incidents/queries";
import { incidentTimeline, listIncidentEvents, MAX_LANE_ITEMS } from "@/lib/timeline/queries";
import { incidentWindow } from "@/lib/timeline/window";
import { testStores } from "../support/stores";
import {
  ACCOUNT,
  CASCADE,
  H,
  HUMAN_CALLS,
  MIN,
  NOISE,
  OTHER_ACCOUNT,
  PRINCIPAL_A,
  RECOVERY_ID,
  seedViewWorld,
  T0,
  TRIGGER_ID,
  type ViewWorld,
} from "../support/view-fixtures";

describe.each(testStores())("incident views on $name", ({ open }) => {
  let store: Store;
  let w: ViewWorld;
  beforeAll(async () => {
    store = await open();
    w = await seedViewWorld(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("lists incidents with agent, human, approval, destructive and blocked counts", async () => {
    const page = await listIncidents(store, {});
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.id)).toEqual([w.incident2, w.incident1]);
    expect(page.rows[1]).toMatchObject({
      status: "resolved",
      durationMinutes: 780,
      accountId: ACCOUNT,
      region: "us-east-1",
      principalArn: PRINCIPAL_A,
      agentKind: "claude-code",
      mode: "bypass",
      sessionId: w.sessionA,
      human: "alice@example.com",
      inheritedHumanSession: true,
      approvalRecorded: false,
      destructive: 2,
      resources: 1,
      blocked: 1,
    });
    expect(page.rows[0]).toMatchObject({
      status: "open",
      durationMinutes: null,
      endedAt: null,
      agentKind: "codex",
      sessionId: null,
      human: null,
      approvalRecorded: true,
      blocked: 0,
    });
  });

  it("filters by status, agent, account and blocked attempts, and sorts by allow-listed keys", async () => {
    const ids = async (s: Parameters<typeof listIncidents>[1]) => (await listIncidents(store, s)).rows.map((r) => r.id);
    expect(await ids({ status: "open" })).toEqual([w.incident2]);
    expect(await ids({ status: "resolved" })).toEqual([w.incident1]);
    expect(await ids({ agent: "claude-code" })).toEqual([w.incident1]);
    expect(await ids({ agent: "codex" })).toEqual([w.incident2]);
    expect(await ids({ account: OTHER_ACCOUNT })).toEqual([w.incident2]);
    expect(await ids({ blocked: true })).toEqual([w.incident1]);
    expect(await ids({ sort: "duration", dir: "desc" })).toEqual([w.incident1, w.incident2]);
    expect(await ids({ sort: "title", dir: "asc" })).toEqual([w.incident1, w.incident2]);
    expect(await ids({ status: "open", agent: "claude-code" })).toEqual([]);
    expect(await incidentFacets(store)).toEqual({ agents: ["claude-code", "codex"], accounts: [ACCOUNT, OTHER_ACCOUNT] });
  });

  it("summarises incidents per day with the mean time to recovery", async () => {
    const s = await incidentSummary(store, {});
    expect(s).toMatchObject({ total: 2, recovered: 1, avgRecoveryH: 13, periodDays: 1 });
    expect(s.points.filter((p) => p.count > 0).map((p) => [new Date(p.t).toISOString().slice(0, 10), p.count, p.avgRecoveryH])).toEqual([
      ["2025-12-09", 1, 13],
      ["2025-12-12", 1, null],
    ]);
    expect((await incidentSummary(store, { status: "open" })).recovered).toBe(0);
  });

  it("lists every session with blocked destructive attempts, with or without an incident", async () => {
    const rows = await sessionsWithBlockedAttempts(store);
    expect(rows.map((r) => [r.externalId, r.blocked, r.calls, r.incidents])).toEqual([
      ["sess-a", 1, ["DeleteDBInstance (AccessDenied)"], 1],
      ["sess-b", 1, ["DeleteBucket (AccessDenied)"], 0],
    ]);
  });

  it("loads an incident with its reconstruction, session, trigger step and phases", async () => {
    const v = (await getIncidentView(store, w.incident1))!;
    expect(v.detailError).toBeNull();
    expect(v.detail?.trigger).toMatchObject({ eventName: "DeleteStack", resources: ["shop-prod"], linkConfidence: "high" });
    expect(v.detail?.privilege.human).toBe("alice@example.com");
    expect(v.session).toMatchObject({ id: w.sessionA, kind: "claude-code", mode: "bypass", approvalPolicy: "bypassPermissions" });
    expect(v.triggerAction).toMatchObject({
      id: w.actions.delete,
      seq: 3,
      command: "aws cloudformation delete-stack --stack-name shop-prod",
    });
    expect(v.phases.map((p) => [p.phase, p.source])).toEqual([
      ["trigger", "derived"],
      ["first_impact", "missing"],
      ["detection", "derived"],
      ["mitigation", "missing"],
      ["recovery", "derived"],
    ]);
    expect(await getIncidentView(store, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await getIncidentView(store, "../etc/passwd")).toBeNull();
    expect(await incidentScope(store, w.incident1)).toEqual({ sessionId: w.sessionA, accountId: ACCOUNT });
  });

  it("flags a stored reconstruction that no longer matches the schema", async () => {
    const bad = await store.prisma.incident.create({
      data: { triggerEventId: "ev-bad", title: "old", status: "open", startedAt: new Date(T0), detail: { schemaVersion: 0 } },
    });
    const v = (await getIncidentView(store, bad.id))!;
    expect(v.detail).toBeNull();
    expect(v.detailError).toMatch(/re-run reconstruction/);
    expect(v.phases.every((p) => p.source === "missing")).toBe(true);
    await store.prisma.incident.delete({ where: { id: bad.id } });
  });

  it("stores a phase edit over the derived value, updates it, and resets to derived", async () => {
    const at = Date.parse("2025-12-09T02:20:00Z");
    expect(await upsertPhaseEdit(store, w.incident1, { phase: "detection", at, eventId: null, note: "PagerDuty", author: "bob" })).toBe(
      true,
    );
    let v = (await getIncidentView(store, w.incident1))!;
    expect(v.phases[2]).toMatchObject({
      phase: "detection",
      source: "edited",
      at: new Date(at).toISOString(),
      note: "PagerDuty",
      author: "bob",
      derived: { eventId: "ev-human-3" },
    });
    expect(
      await upsertPhaseEdit(store, w.incident1, { phase: "detection", at: at + 60_000, eventId: "ev-human-1", note: null, author: "bob" }),
    ).toBe(true);
    v = (await getIncidentView(store, w.incident1))!;
    expect(v.phases[2]).toMatchObject({ at: new Date(at + 60_000).toISOString(), eventId: "ev-human-1", note: null });
    expect(await store.prisma.incidentPhase.count({ where: { incidentId: w.incident1 } })).toBe(1);
    expect(await upsertPhaseEdit(store, w.incident1, { phase: "mitigation", at, eventId: null, note: null, author: null })).toBe(true);
    v = (await getIncidentView(store, w.incident1))!;
    expect(v.phases[3]).toMatchObject({ source: "edited", derived: null });

    expect(await resetPhaseEdit(store, w.incident1, "detection")).toBe(true);
    expect(await resetPhaseEdit(store, w.incident1, "detection")).toBe(false);
    expect(await resetPhaseEdit(store, w.incident1, "mitigation")).toBe(true);
    v = (await getIncidentView(store, w.incident1))!;
    expect(v.phases[2]).toMatchObject({ source: "derived", eventId: "ev-human-3" });
    expect(
      await upsertPhaseEdit(store, "00000000-0000-4000-8000-000000000000", {
        phase: "detection",
        at,
        eventId: null,
        note: null,
        author: null,
      }),
    ).toBe(false);
  });

  describe("timeline", () => {
    const scope = () => ({ sessionId: w.sessionA, accountId: ACCOUNT });
    const range = () =>
      incidentWindow({
        startedAt: new Date(T0 + 10 * MIN).toISOString(),
        endedAt: new Date(T0 + 10 * MIN + 13 * H).toISOString(),
        sessionStartedAt: new Date(T0).toISOString(),
        sessionEndedAt: new Date(T0 + 30 * MIN).toISOString(),
        phaseTimes: [],
      });

    it("sorts calls into lanes and keeps dense lanes as counts", async () => {
      const t = await incidentTimeline(store, scope(), range(), 100);
      const linked = 2 + CASCADE + 1 + 3;
      expect(t.linked.total).toBe(linked);
      expect(t.linked.items?.map((i) => i.id)).toContain(TRIGGER_ID);
      expect(t.linked.items?.find((i) => i.id === TRIGGER_ID)?.actionId).toBe(w.actions.delete);
      expect(t.linked.items?.find((i) => i.id === "ev-poll-0")?.actionId).toBeNull();
      expect(t.human.total).toBe(HUMAN_CALLS + 1);
      expect(t.human.items?.map((i) => i.humanName)).toEqual(Array(HUMAN_CALLS + 1).fill("bob@example.com"));
      expect(NOISE).toBeGreaterThan(MAX_LANE_ITEMS);
      expect(t.other).toMatchObject({ total: NOISE, items: null });
      expect(t.other.buckets!.reduce((n, b) => n + b.count, 0)).toBe(NOISE);
      // the other account's call and session B's call (before the window) are not there
      const all = t.density.reduce((n, d) => n + d.linked + d.human + d.other, 0);
      expect(all).toBe(linked + HUMAN_CALLS + 1 + NOISE);
      expect(t.density.reduce((n, d) => n + d.destructive, 0)).toBe(1 + CASCADE + 1);
      expect(t.density.length).toBeLessThanOrEqual(101);
      expect(t.agent.items?.map((a) => a.seq)).toEqual([0, 1, 2, 3, 4]);
      const del = t.agent.items!.find((a) => a.seq === 3)!;
      expect(del).toMatchObject({
        id: `a:${w.actions.delete}`,
        risk: "destructive",
        approval: "none",
        label: "aws cloudformation delete-stack --stack-name shop-prod",
      });
      expect(del.links).toHaveLength(1 + CASCADE);
      expect(t.linkTimes[TRIGGER_ID]).toBe(T0 + 10 * MIN + 2000);
      expect(t.agent.items!.find((a) => a.seq === 0)).toMatchObject({
        approval: null,
        label: "Fix the checkout latency. Do not touch the database.",
      });
    });

    it("zooms into a range and returns only what is in it", async () => {
      const t = await incidentTimeline(store, scope(), { from: T0 + 9 * MIN, to: T0 + 11 * MIN }, 60);
      expect(t.agent.items?.map((a) => a.seq)).toEqual([3]);
      expect(t.other).toMatchObject({ total: 20 });
      expect(t.other.items).toHaveLength(20);
      expect(t.linked.items!.every((i) => i.at >= T0 + 9 * MIN && i.at < T0 + 11 * MIN)).toBe(true);
      const empty = await incidentTimeline(store, { sessionId: null, accountId: null }, { from: T0 - 48 * H, to: T0 - 47 * H });
      expect([empty.agent.total, empty.linked.total, empty.human.total, empty.other.total]).toEqual([0, 0, 0, 0]);
    });

    it("pages the event list by cursor without gaps or repeats, per lane", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let total: number | null = null;
      for (let i = 0; i < 50; i++) {
        const page = await listIncidentEvents(store, scope(), { range: range(), lane: "all", cursor, limit: 97, withTotal: i === 0 });
        if (i === 0) total = page.total;
        seen.push(...page.rows.map((r) => r.eventId));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(total).toBe(2 + CASCADE + 1 + 3 + HUMAN_CALLS + 1 + NOISE);
      expect(seen).toHaveLength(total!);
      expect(new Set(seen).size).toBe(total);
      expect(seen).not.toContain("ev-other-account");

      const linked = await listIncidentEvents(store, scope(), { range: range(), lane: "linked", limit: 500, withTotal: true });
      expect(linked.total).toBe(2 + CASCADE + 1 + 3);
      expect(linked.rows.every((r) => r.lane === "linked")).toBe(true);
      expect(linked.rows.find((r) => r.eventId === TRIGGER_ID)).toMatchObject({ actionId: w.actions.delete, risk: "destructive" });
      const human = await listIncidentEvents(store, scope(), { range: range(), lane: "human", withTotal: true });
      expect(human.rows.map((r) => r.eventId)).toContain(RECOVERY_ID);
      expect(human.rows.every((r) => r.lane === "human")).toBe(true);
      const other = await listIncidentEvents(store, scope(), { range: range(), lane: "other", limit: 10, withTotal: true });
      expect(other.total).toBe(NOISE);
      expect(other.nextCursor).not.toBeNull();
      // a tampered cursor is ignored rather than trusted
      const tampered = await listIncidentEvents(store, scope(), {
        range: range(),
        lane: "other",
        cursor: "eyJrIjoiZXZlbnRUaW1lIn0",
        limit: 5,
      });
      expect(tampered.rows[0].eventId).toBe(other.rows[0].eventId);
    });
  });
});
