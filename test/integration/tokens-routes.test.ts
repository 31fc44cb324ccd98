import { afterAll, describe, expect, it } from "vitest";

// The route handlers use the process-wide store: an in-memory PGlite.
process.env.DATABASE_URL = "pglite:memory";
const tokens = await import("@/app/api/tokens/route");
const tokenById = await import("@/app/api/tokens/[id]/route");
const exportRoute = await import("@/app/api/audit/export/route");
const { getStore } = await import("@/lib/db");

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

/** The token and audit routes declare their permissions and refuse anonymous requests. */
describe("token and audit routes", () => {
  afterAll(async () => {
    await (await getStore()).close();
  });

  it("declare tokens:manage and audit:read", () => {
    expect(tokens.GET.permission).toBe("tokens:manage");
    expect(tokens.POST.permission).toBe("tokens:manage");
    expect(tokenById.DELETE.permission).toBe("tokens:manage");
    expect(exportRoute.GET.permission).toBe("audit:read");
  });

  it("answer 401 in the error envelope to a request without a session or token, and to an unknown bearer token", async () => {
    const list = await tokens.GET(new Request("http://x/api/tokens"), ctx());
    expect(list.status).toBe(401);
    expect((await list.json()).error.code).toBe("unauthenticated");
    const create = await tokens.POST(
      new Request("http://x/api/tokens", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"name":"x","scope":"read"}',
      }),
      ctx(),
    );
    expect(create.status).toBe(401);
    const revoke = await tokenById.DELETE(
      new Request("http://x/api/tokens/00000000-0000-4000-8000-000000000000", { method: "DELETE" }),
      ctx({ id: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(revoke.status).toBe(401);
    const exp = await exportRoute.GET(
      new Request("http://x/api/audit/export?format=csv", { headers: { authorization: `Bearer aft_${"0".repeat(49)}` } }),
      ctx(),
    );
    expect(exp.status).toBe(401);
  });
});
