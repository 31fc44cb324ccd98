import { afterEach, describe, expect, it, vi } from "vitest";
import { HttpError, jsonError, withErrors } from "@/lib/http/errors";

const req = (path = "/api/x") => new Request(`http://localhost${path}`, { method: "POST" });

describe("error envelope", () => {
  afterEach(() => vi.restoreAllMocks());

  it("builds { error: { code, message } } with the status", async () => {
    const res = jsonError(404, "not_found", "No event with this id.");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No event with this id." } });
  });

  it("answers an HttpError with its own safe message", async () => {
    const h = withErrors(async () => {
      throw new HttpError(400, "invalid_parameter", "The event id is not valid.");
    });
    const res = await h(req());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalid_parameter", message: "The event id is not valid." } });
  });

  it("never sends exception text: logs it and answers a generic 500", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const h = withErrors(async () => {
      throw new Error('duplicate key value violates unique constraint "secret_table_pkey" password=hunter2');
    });
    const res = await h(req("/api/ingest"));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe("internal");
    expect(JSON.stringify(body)).not.toMatch(/secret_table|hunter2|duplicate key/);
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0][0])).toContain("POST /api/ingest");
  });

  it("passes successful responses and extra arguments through", async () => {
    const h = withErrors(async (_r: Request, ctx: { params: Promise<{ id: string }> }) => Response.json({ id: (await ctx.params).id }));
    const res = await h(req(), { params: Promise.resolve({ id: "7" }) });
    expect(await res.json()).toEqual({ id: "7" });
  });
});
