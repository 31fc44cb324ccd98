import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The route handlers use the process-wide store: an in-memory PGlite (the domain logic runs on both stores in
// postmortems.test.ts; this file checks the HTTP layer: permissions, status codes, bodies).
process.env.DATABASE_URL = "pglite:memory";
const annotations = await import("@/app/api/incidents/[id]/annotations/route");
const postmortem = await import("@/app/api/incidents/[id]/postmortem/route");
const reviewRequest = await import("@/app/api/incidents/[id]/postmortem/review-request/route");
const reviews = await import("@/app/api/incidents/[id]/postmortem/reviews/route");
const markdown = await import("@/app/api/incidents/[id]/postmortem.md/route");
const { getStore } = await import("@/lib/db");
const { createToken } = await import("@/lib/auth/tokens/mutations");
const { loadDemo } = await import("@/lib/reconstruct/demo");
const { listIncidentReports } = await import("@/lib/reconstruct/incident-reports");
const { exportMarkdown } = await import("@/lib/postmortems/export");
const { loadExportBundle } = await import("@/lib/postmortems/export-queries");
const { DEMO_EXPECTED } = await import("@/lib/demo");

const system = { kind: "system", name: "test-admin" } as const;
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

function req(method: string, url: string, token: string, body?: unknown) {
  return new Request(`http://localhost${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("annotation and post-mortem routes", () => {
  let id: string;
  let author: string;
  let reviewer: { token: string; id: string };
  let reader: string;

  beforeAll(async () => {
    const store = await getStore();
    await loadDemo(store);
    id = (await listIncidentReports(store))[0].id;
    author = (await createToken(store, system, { name: "author", scope: "write", kind: "service", expiresAt: null })).token;
    const r = await createToken(store, system, { name: "reviewer", scope: "write", kind: "service", expiresAt: null });
    reviewer = { token: r.token, id: r.view.id };
    reader = (await createToken(store, system, { name: "reader", scope: "read", kind: "service", expiresAt: null })).token;
  }, 120_000);
  afterAll(async () => {
    await (await getStore()).close();
  });

  it("declare their permissions", () => {
    expect(annotations.GET.permission).toBe("data:read");
    expect(annotations.POST.permission).toBe("annotations:write");
    expect(postmortem.PUT.permission).toBe("postmortems:write");
    expect(markdown.GET.permission).toBe("data:read");
  });

  it("POST annotations answers 201 with the stored annotation; GET lists it; a read token gets 403; bad bodies 422", async () => {
    const url = `/api/incidents/${id}/annotations`;
    const created = await annotations.POST(
      req("POST", url, author, { kind: "marker", marker: "detection", eventId: DEMO_EXPECTED.triggerEventId }),
      ctx(id),
    );
    expect(created.status).toBe(201);
    const a = await created.json();
    expect(a).toMatchObject({
      kind: "marker",
      marker: "detection",
      eventId: DEMO_EXPECTED.triggerEventId,
      author: { type: "token", label: "token author" },
    });
    const list = await annotations.GET(req("GET", url, reader), ctx(id));
    expect((await list.json()).annotations.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await annotations.POST(req("POST", url, reader, { kind: "star", eventId: "e" }), ctx(id))).status).toBe(403);
    const bad = await annotations.POST(req("POST", url, author, { kind: "marker", marker: "nope", eventId: "e" }), ctx(id));
    expect(bad.status).toBe(422);
    expect((await annotations.GET(req("GET", url, reader), ctx("00000000-0000-4000-8000-000000000000"))).status).toBe(404);
  });

  it("post-mortem: open, save, a stale save is 409 with diffs; the author cannot approve (403), the named reviewer can", async () => {
    const base = `/api/incidents/${id}/postmortem`;
    const opened = await (await postmortem.POST(req("POST", base, author), ctx(id))).json();
    expect(opened.revision).toBe(1);
    const saved = await postmortem.PUT(
      req("PUT", base, author, { baseRevision: 1, title: opened.title, body: `${opened.body}\nmore\n` }),
      ctx(id),
    );
    expect(saved.status).toBe(200);
    const stale = await postmortem.PUT(req("PUT", base, reviewer.token, { baseRevision: 1, title: opened.title, body: "mine" }), ctx(id));
    expect(stale.status).toBe(409);
    const err = (await stale.json()).error;
    expect(err.code).toBe("conflict");
    expect(err.details.currentRevision).toBe(2);
    expect(err.details.theirChanges).toContain("+more");

    expect((await reviewRequest.POST(req("POST", `${base}/review-request`, author, { reviewers: [reviewer.id] }), ctx(id))).status).toBe(
      200,
    );
    const own = await reviews.POST(req("POST", `${base}/reviews`, author, { decision: "approved" }), ctx(id));
    expect(own.status).toBe(403);
    expect((await own.json()).error.details).toEqual({ reason: "author_cannot_approve" });
    const ok = await reviews.POST(req("POST", `${base}/reviews`, reviewer.token, { decision: "approved", body: "LGTM" }), ctx(id));
    expect(ok.status).toBe(200);
    expect((await ok.json()).status).toBe("approved");
  });

  it("GET postmortem.md prints the same export as the CLI", async () => {
    const res = await markdown.GET(req("GET", `/api/incidents/${id}/postmortem.md`, reader), ctx(id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
    const text = await res.text();
    const cli = exportMarkdown((await loadExportBundle(await getStore(), id))!);
    const strip = (s: string) => s.replace(/_Exported from Aftermath at .*_/, "");
    expect(strip(text)).toBe(strip(cli));
    expect(text).toContain("**Detection** on [DeleteStack]");
  });
});
