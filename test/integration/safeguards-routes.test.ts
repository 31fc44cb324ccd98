import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

// The route handlers use the process-wide store: an in-memory PGlite.
process.env.DATABASE_URL = "pglite:memory";
const list = await import("@/app/api/safeguards/route");
const one = await import("@/app/api/safeguards/[key]/route");
const verify = await import("@/app/api/safeguards/verify/route");
const replay = await import("@/app/api/safeguards/replay/route");
const { getStore, migrateStore } = await import("@/lib/db");
const { CLI_ACTOR } = await import("@/lib/auth/actor");
const { createToken } = await import("@/lib/auth/tokens/mutations");
const { SafeguardStatusReport } = await import("@/lib/safeguards/report-schema");
const { DEMO_SCP_POLICY } = await import("@/lib/demo");

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const FILE = {
  safeguards: [
    {
      key: "scp-deny",
      kind: "deny-policy",
      title: "SCP",
      policy: DEMO_SCP_POLICY,
      targets: [{ account: "417382950164", rolloutAt: "2025-12-12T00:00:00Z" }],
    },
  ],
};

/** The safeguard routes through route(): permissions, body validation, apply/verify/replay with a token actor. */
describe("safeguard routes", () => {
  let write = "";
  let read = "";
  beforeAll(async () => {
    const store = await getStore();
    await migrateStore(store);
    write = (await createToken(store, CLI_ACTOR, { name: "ci", scope: "write", kind: "service", expiresAt: null })).token;
    read = (await createToken(store, CLI_ACTOR, { name: "dash", scope: "read", kind: "service", expiresAt: null })).token;
  });
  afterAll(async () => {
    await (await getStore()).close();
  });
  const req = (path: string, token: string, body?: unknown) =>
    new Request(`http://localhost${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("declare their permissions", () => {
    expect(list.GET.permission).toBe("data:read");
    expect(list.POST.permission).toBe("safeguards:manage");
    expect(verify.POST.permission).toBe("safeguards:manage");
    expect(one.GET.permission).toBe("data:read");
    expect(replay.POST.permission).toBe("data:read");
  });

  it("apply needs safeguards:manage, is idempotent, audits with the token, and refuses a bad file with 422", async () => {
    expect((await list.POST(req("/api/safeguards", read, FILE), ctx())).status).toBe(403);
    const first = await list.POST(req("/api/safeguards", write, FILE), ctx());
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ created: ["scp-deny"] });
    const again = await list.POST(req("/api/safeguards", write, FILE), ctx());
    expect(await again.json()).toMatchObject({ created: [], unchanged: ["scp-deny"] });
    const audit = await (await getStore()).prisma.auditLog.findFirst({ where: { action: "safeguard.create" } });
    expect(audit).toMatchObject({ actorType: "token", targetId: "scp-deny" });
    const bad = await list.POST(
      req("/api/safeguards", write, { safeguards: [{ key: "x", kind: "deny-policy", title: "t", targets: [] }] }),
      ctx(),
    );
    expect(bad.status).toBe(422);
  });

  it("reads: the status contract, one safeguard, on-demand verify, and a candidate replay", async () => {
    const report = SafeguardStatusReport.parse(await (await list.GET(req("/api/safeguards", read), ctx())).json());
    expect(report).toEqual([
      {
        key: "scp-deny",
        kind: "deny-policy",
        status: "no_evidence",
        targets: [{ account: "417382950164", status: "no_evidence", violations: 0, observations: 0 }],
      },
    ]);
    const v = await (await one.GET(req("/api/safeguards/scp-deny", read), ctx({ key: "scp-deny" }))).json();
    expect(v).toMatchObject({ key: "scp-deny", targets: [{ account: "417382950164" }] });
    expect((await one.GET(req("/api/safeguards/nope", read), ctx({ key: "nope" }))).status).toBe(404);
    expect((await verify.POST(req("/api/safeguards/verify", read, {}), ctx())).status).toBe(403);
    expect(await (await verify.POST(req("/api/safeguards/verify", write, {}), ctx())).json()).toMatchObject({ safeguards: 1, targets: 1 });
    const r = await replay.POST(req("/api/safeguards/replay", read, { type: "scp", document: DEMO_SCP_POLICY }), ctx());
    expect(z.object({ total: z.object({ destructive: z.literal(0), blocked: z.literal(0) }) }).safeParse(await r.json()).success).toBe(
      true,
    );
    const notPolicy = await replay.POST(req("/api/safeguards/replay", read, { type: "scp", document: { hello: 1 } }), ctx());
    expect(notPolicy.status).toBe(422);
  });
});
