import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

// The route handlers use the process-wide store: point it at an in-memory PGlite before they load.
process.env.DATABASE_URL = "pglite:memory";
process.env.AFTERMATH_INGEST_MAX_BYTES = String(64 * 1024);
process.env.AFTERMATH_OTLP_MAX_BYTES = String(16 * 1024);
const { handleIngest, IngestQuery } = await import("@/app/api/ingest/handle-ingest");
const { errorResponse } = await import("@/lib/http/route");
const { CLI_ACTOR } = await import("@/lib/auth/actor");
const { POST: ingestRoute } = await import("@/app/api/ingest/route");

/**
 * The handler below route(): the query parsed as route() does, typed errors mapped as route() maps them. Until the
 * accounts work resolves actors, route() answers anonymous requests 401 (asserted below); after the merge the lead can
 * point these at the route itself with a token.
 */
async function ingest(request: Request): Promise<Response> {
  try {
    const query = IngestQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    return await handleIngest(request, CLI_ACTOR, query);
  } catch (e) {
    return errorResponse(e, request);
  }
}
const { POST: traces } = await import("@/app/v1/traces/route");
const { getStore } = await import("@/lib/db");

function streamOf(buf: Uint8Array, chunk = 1000): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i >= buf.length) return c.close();
      c.enqueue(buf.subarray(i, i + chunk));
      i += chunk;
    },
  });
}

function post(url: string, body: Uint8Array, headers: Record<string, string> = {}) {
  return new Request(url, { method: "POST", body: streamOf(body), headers, duplex: "half" } as RequestInit);
}

describe("POST /api/ingest and /v1/traces", () => {
  afterAll(async () => {
    await (await getStore()).close();
  });

  it("streams a gzip body in and answers 200 with the report", async () => {
    const gz = gzipSync(JSON.stringify({ Records: Array.from({ length: 20 }, (_, i) => syntheticRecord(i, { seed: 11 })) }));
    const res = await ingest(post("http://x/api/ingest?name=a.json.gz", gz));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ read: 20, ingested: 20, quarantined: 0, files: [{ path: "a.json.gz", format: "cloudtrail-records" }] });
  });

  it("answers 207 with each quarantined record when some records are bad", async () => {
    const text = [JSON.stringify(syntheticRecord(100, { seed: 11 })), "{oops", JSON.stringify({ eventName: "X" })].join("\n");
    const res = await ingest(post("http://x/api/ingest?name=b.jsonl", Buffer.from(text)));
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.files[0].quarantine.map((q: { index: number }) => q.index)).toEqual([1, 2]);
    expect(body.files[0].quarantine[0].reason).toBeTruthy();
  });

  it("rejects an oversized body with 413 and a bad query with 400, in the error envelope", async () => {
    const big = Buffer.alloc(200 * 1024, 0x20);
    const res = await ingest(post("http://x/api/ingest?name=big.json", big, { "content-length": String(big.length) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    // without a declared length the limit is enforced while streaming
    const res2 = await ingest(post("http://x/api/ingest?name=big2.json", Buffer.concat([Buffer.from('{"Records":['), big])));
    expect(res2.status).toBe(413);
    const bad = await ingest(post("http://x/api/ingest?format=nope", Buffer.from("{}")));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "invalid_parameter" });
  });

  it("is behind the route wrapper with data:ingest (anonymous requests are refused)", async () => {
    expect(ingestRoute.permission).toBe("data:ingest");
    const res = await ingestRoute(post("http://x/api/ingest?name=a.jsonl", Buffer.from("{}")), { params: Promise.resolve({}) });
    expect([401, 403]).toContain(res.status);
  });

  it("takes OTLP/JSON traces and refuses protobuf with 415", async () => {
    const span = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "agent" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "5b8efff798038103d269b633813fc60c",
                  spanId: "eee19b7ec3c1b174",
                  name: "execute_tool shell",
                  startTimeUnixNano: "1733710447000000000",
                  endTimeUnixNano: "1733710448000000000",
                  attributes: [
                    { key: "gen_ai.operation.name", value: { stringValue: "execute_tool" } },
                    { key: "gen_ai.tool.name", value: { stringValue: "shell" } },
                    { key: "gen_ai.tool.call.id", value: { stringValue: "call-1" } },
                    { key: "gen_ai.tool.call.arguments", value: { stringValue: '{"command":"aws s3 ls"}' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const ok = await traces(post("http://x/v1/traces", Buffer.from(JSON.stringify(span)), { "content-type": "application/json" }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    const store = await getStore();
    expect(await store.prisma.agentAction.count({ where: { toolCallId: "call-1" } })).toBe(1);
    const proto = await traces(post("http://x/v1/traces", Buffer.from([1, 2, 3]), { "content-type": "application/x-protobuf" }));
    expect(proto.status).toBe(415);
  });
});
