import { describe, expect, it } from "vitest";
import { type AnnotationView, CreateAnnotationInput, markerList, summarizeByAnchor, threadComments } from "@/lib/annotations/model";
import { annotationTimelineMarkers, keyEvents } from "@/lib/annotations/timeline";
import { isNamedReviewer, isOverdue } from "@/lib/postmortems/model";

const author = { type: "user", id: "u1", label: "a@example.com", userId: "u1" };
function a(p: Partial<AnnotationView> & { id: string; kind: AnnotationView["kind"] }): AnnotationView {
  return {
    incidentId: "i",
    body: "",
    marker: null,
    tag: null,
    parentId: null,
    eventId: null,
    agentSessionRef: null,
    actionKey: null,
    at: null,
    author,
    createdAt: `2025-01-01T00:00:0${p.id.length}.000Z`,
    updatedAt: "2025-01-01T00:00:00.000Z",
    deleted: false,
    ...p,
  };
}

describe("annotation input", () => {
  it("accepts the documented shapes and normalises times", () => {
    expect(CreateAnnotationInput.parse({ kind: "star", eventId: "e-1" })).toEqual({ kind: "star", eventId: "e-1" });
    expect(CreateAnnotationInput.parse({ kind: "note", body: "tickets", at: "2025-12-09 02:30" }).at).toBe("2025-12-09T02:30:00.000Z");
    expect(CreateAnnotationInput.parse({ kind: "marker", marker: "repair", at: "2025-12-09T15:12:50Z" }).marker).toBe("repair");
  });
  it.each([
    [{ kind: "comment", eventId: "e" }, /needs a body/],
    [{ kind: "marker", eventId: "e" }, /marker/],
    [{ kind: "marker", marker: "oops", eventId: "e" }, /Invalid option/],
    [{ kind: "star" }, /anchor it/],
    [{ kind: "note", body: "x" }, /needs at/],
    [{ kind: "tag", eventId: "e" }, /needs tag/],
    [{ kind: "star", eventId: "e", parentId: "00000000-0000-4000-8000-000000000000" }, /only comments can reply/],
    [{ kind: "comment", body: "x", actionKey: "k" }, /both agentSessionRef and actionKey/],
    [{ kind: "comment", body: "x", eventId: "e", extra: 1 }, /Unrecognized key/],
    [{ kind: "note", body: "x", at: "yesterday" }, /not a time/],
  ])("rejects %j", (input, message) => {
    const r = CreateAnnotationInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join(" ")).toMatch(message);
  });
});

describe("threads, anchors and markers", () => {
  const list = [
    a({ id: "c", kind: "comment", body: "root", eventId: "e1" }),
    a({ id: "rr", kind: "comment", body: "reply", parentId: "c", eventId: "e1" }),
    a({ id: "rrr", kind: "comment", body: "reply to reply", parentId: "rr", eventId: "e1" }),
    a({ id: "s", kind: "star", eventId: "e1" }),
    a({ id: "m", kind: "marker", marker: "detection", eventId: "e2" }),
    a({ id: "t", kind: "tag", tag: "cfn", eventId: "e2" }),
    a({ id: "n", kind: "note", body: "tickets", at: "2025-12-09T02:30:00.000Z" }),
    a({ id: "dead", kind: "marker", marker: "repair", eventId: "e3", deleted: true }),
  ];
  it("threads replies under their root, one level", () => {
    const t = threadComments(list);
    expect(t.map((x) => [x.root.id, x.replies.map((r) => r.id)])).toEqual([["c", ["rr", "rrr"]]]);
  });
  it("summarises per anchor (deleted ones ignored)", () => {
    const s = summarizeByAnchor(list);
    expect(s.get("event:e1")).toMatchObject({ starred: true, comments: 1, markers: [] });
    expect(s.get("event:e2")).toMatchObject({ starred: false, markers: ["detection"], tags: ["cfn"] });
    expect(s.has("event:e3")).toBe(false);
  });
  it("side list and timeline markers in time order, at the anchored event's time", () => {
    const times: Record<string, string> = { e1: "2025-12-09T03:00:00.000Z", e2: "2025-12-09T02:42:00.000Z" };
    expect(markerList(list, (id) => times[id] ?? null).map((x) => x.id)).toEqual(["n", "m", "s"]);
    const markers = annotationTimelineMarkers(list, (id) => times[id] ?? null);
    expect(markers.map((m) => [m.label, new Date(m.at).toISOString()])).toEqual([
      ["Note: tickets", "2025-12-09T02:30:00.000Z"],
      ["Detection", "2025-12-09T02:42:00.000Z"],
      ["★ Key event", "2025-12-09T03:00:00.000Z"],
    ]);
  });
  it("key events include annotated events outside the reconstruction", () => {
    const k = keyEvents(null, new Map([["x", { eventTime: "2025-01-01T00:00:00.000Z", eventName: "ListStacks" }]]));
    expect(k).toEqual([{ eventId: "x", eventTime: "2025-01-01T00:00:00.000Z", eventName: "ListStacks", why: "annotated" }]);
  });
});

describe("review and action item rules", () => {
  it("named reviewers match by user id, actor id or email, case-insensitively", () => {
    const who = { actorType: "user", actorId: "u-bob", actorLabel: "Bob@Example.com", userId: "u-bob" };
    expect(isNamedReviewer(["bob@example.com"], who)).toBe(true);
    expect(isNamedReviewer(["u-bob"], who)).toBe(true);
    expect(isNamedReviewer(["bob"], who)).toBe(false);
  });
  it("overdue: past due and not finished", () => {
    const now = Date.parse("2026-01-10T12:00:00Z");
    expect(isOverdue({ dueDate: "2026-01-09", status: "open" }, now)).toBe(true);
    expect(isOverdue({ dueDate: "2026-01-10", status: "open" }, now)).toBe(false);
    expect(isOverdue({ dueDate: "2026-01-09", status: "done" }, now)).toBe(false);
    expect(isOverdue({ dueDate: null, status: "open" }, now)).toBe(false);
  });
});
