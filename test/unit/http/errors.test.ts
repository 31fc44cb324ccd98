import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, conflict } from "@/lib/errors";
import { jsonError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";

const req = (path = "/api/x") => new Request(`http://localhost${path}`, { method: "POST" });

describe("error envelope", () => {
  afterEach(() => vi.restoreAllMocks());

  it("builds { error: { code, message } } with the status", async () => {
    const res = jsonError(404, "not_found", "No event with this id.");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No event with this id." } });
  });

  it("maps a typed error to its status, code and safe message (details and headers included)", async () => {
    const res = errorResponse(conflict("Someone saved a newer revision.", { revision: 4 }), req());
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict", message: "Someone saved a newer revision.", details: { revision: 4 } } });
    const limited = errorResponse(new AppError("rate_limited", "Slow down.", { headers: { "retry-after": "3" } }), req());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  it("answers a zod error with 400 invalid_parameter naming the field", async () => {
    const parsed = z.object({ phase: z.enum(["trigger", "recovery"]) }).safeParse({ phase: "later" });
    if (parsed.success) throw new Error("expected a zod error");
    const res = errorResponse(parsed.error, req());
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_parameter");
    expect(body.error.message).toMatch(/^phase: /);
  });

  it("never sends exception text: logs it and answers a generic 500", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = errorResponse(
      new Error('duplicate key value violates unique constraint "secret_table_pkey" password=hunter2'),
      req("/api/ingest"),
    );
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe("internal");
    expect(JSON.stringify(body)).not.toMatch(/secret_table|hunter2|duplicate key/);
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0][0])).toContain("POST /api/ingest");
  });
});
