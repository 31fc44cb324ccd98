import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { ExportResultCode } from "@opentelemetry/core";
import { OTLPLogExporter as OTLPLogExporterHttp } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as OTLPLogExporterProto } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPTraceExporter as OTLPTraceExporterHttp } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPTraceExporterProto } from "@opentelemetry/exporter-trace-otlp-proto";
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { ingestOtlp } from "@/lib/ingest/otlp";
import { decodeExportResponse, decodeOtlpProtobuf } from "@/lib/otlp/decode";
import { testStores } from "../support/stores";

// The handler uses the process-wide store: an in-memory PGlite, set before it loads.
process.env.DATABASE_URL = "pglite:memory";
process.env.AFTERMATH_OTLP_MAX_BYTES = String(256 * 1024);
const { handleOtlpExport } = await import("@/app/v1/_otlp/handle");
const { errorResponse } = await import("@/lib/http/route");
const { POST: tracesRoute } = await import("@/app/v1/traces/route");
const { getStore } = await import("@/lib/db");
const { createToken } = await import("@/lib/auth/tokens/mutations");
const { CLI_ACTOR } = await import("@/lib/auth/actor");

/** Real spans from the OpenTelemetry SDK: an agent invocation and two GenAI execute_tool spans. */
async function makeSpans(conversation: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer("agent-under-test", "1.2.3");
  const root = tracer.startSpan("invoke_agent infra-bot", {
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.conversation.id": conversation, "gen_ai.request.model": "gpt-5" },
  });
  for (const [id, command] of [
    [`${conversation}-t1`, "aws sts get-caller-identity"],
    [`${conversation}-t2`, "aws cloudformation delete-stack --stack-name web-prod"],
  ]) {
    const span = tracer.startSpan("execute_tool bash", {
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.conversation.id": conversation,
        "gen_ai.tool.name": "bash",
        "gen_ai.tool.call.id": id,
        "gen_ai.tool.call.arguments": JSON.stringify({ command }),
      },
    });
    span.end();
  }
  root.end();
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

/** Real log records from the SDK, shaped like Claude Code's `claude_code.tool_result` events. */
async function makeLogRecords(session: string): Promise<ReadableLogRecord[]> {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  provider.getLogger("com.anthropic.claude_code.events", "2.0.14").emit({
    severityNumber: SeverityNumber.INFO,
    body: "claude_code.tool_result",
    attributes: {
      "event.name": "tool_result",
      "session.id": session,
      tool_name: "Bash",
      tool_use_id: `${session}-toolu-1`,
      success: "true",
      decision_type: "accept",
      decision_source: "config",
      tool_parameters: JSON.stringify({ bash_command: "aws", full_command: "aws s3 rb s3://old-logs --force" }),
    },
  });
  await provider.forceFlush();
  return memory.getFinishedLogRecords();
}

async function toWebRequest(req: IncomingMessage, port: number): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(`http://127.0.0.1:${port}${req.url}`, {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
}

describe("OTLP/HTTP protobuf and JSON from the official JS exporters", () => {
  let server: Server;
  let base = "";
  const seen: { path: string; type: string | null; encoding: string | null; auth: string | null; status: number }[] = [];
  beforeAll(async () => {
    await getStore(); // open and migrate the process-wide store before the exporters' 10 s timeout starts
    server = createServer(async (req, res) => {
      const port = (server.address() as AddressInfo).port;
      const request = await toWebRequest(req, port);
      const signal = req.url === "/v1/logs" ? "logs" : "traces";
      let response: Response;
      try {
        response = await handleOtlpExport(request, signal);
      } catch (e) {
        response = errorResponse(e, request);
      }
      seen.push({
        path: req.url ?? "",
        type: req.headers["content-type"] ?? null,
        encoding: (req.headers["content-encoding"] as string) ?? null,
        auth: req.headers.authorization ?? null,
        status: response.status,
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await (await getStore()).close();
  });

  const exportWith = <T>(exporter: { export: (items: T[], cb: (r: { code: number; error?: Error }) => void) => void }, items: T[]) =>
    new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(items, resolve));

  it("traces: http/protobuf (gzip) and http/json exporters are accepted and their tool calls stored", async () => {
    const headers = { Authorization: "Bearer aftermath_test_token" };
    const proto = new OTLPTraceExporterProto({ url: `${base}/v1/traces`, headers, compression: "gzip" as never, timeoutMillis: 60_000 });
    const r1 = await exportWith(proto, await makeSpans("conv-proto"));
    expect(r1.error).toBeUndefined();
    expect(r1.code).toBe(ExportResultCode.SUCCESS);
    const json = new OTLPTraceExporterHttp({ url: `${base}/v1/traces`, headers, timeoutMillis: 60_000 });
    const r2 = await exportWith(json, await makeSpans("conv-json"));
    expect(r2.code).toBe(ExportResultCode.SUCCESS);
    expect(seen.slice(-2).map((s) => [s.type, s.encoding, s.auth, s.status])).toEqual([
      ["application/x-protobuf", "gzip", "Bearer aftermath_test_token", 200],
      ["application/json", null, "Bearer aftermath_test_token", 200],
    ]);
    const store = await getStore();
    for (const conv of ["conv-proto", "conv-json"]) {
      const s = await store.prisma.agentSession.findUniqueOrThrow({ where: { kind_externalId: { kind: "otel", externalId: conv } } });
      const calls = await store.prisma.agentAction.findMany({ where: { sessionId: s.id, kind: "tool_call" }, orderBy: { seq: "asc" } });
      expect(calls.map((c) => [c.toolCallId, c.command, c.risk])).toEqual([
        [`${conv}-t1`, "aws sts get-caller-identity", "read"],
        [`${conv}-t2`, "aws cloudformation delete-stack --stack-name web-prod", "destructive"],
      ]);
    }
  });

  it("logs: http/protobuf and http/json log exporters carry Claude Code tool_result events with their approval", async () => {
    const proto = new OTLPLogExporterProto({ url: `${base}/v1/logs`, timeoutMillis: 60_000 });
    expect((await exportWith(proto, await makeLogRecords("cc-proto"))).code).toBe(ExportResultCode.SUCCESS);
    const json = new OTLPLogExporterHttp({ url: `${base}/v1/logs`, timeoutMillis: 60_000 });
    expect((await exportWith(json, await makeLogRecords("cc-json"))).code).toBe(ExportResultCode.SUCCESS);
    const store = await getStore();
    for (const id of ["cc-proto", "cc-json"]) {
      const s = await store.prisma.agentSession.findUniqueOrThrow({ where: { kind_externalId: { kind: "claude-code", externalId: id } } });
      const [call] = await store.prisma.agentAction.findMany({ where: { sessionId: s.id, kind: "tool_call" } });
      expect(call).toMatchObject({
        tool: "Bash",
        command: "aws s3 rb s3://old-logs --force",
        approval: "approved",
        approvalSource: "config",
      });
    }
  });

  it("a protobuf request gets a protobuf ExportTraceServiceResponse with partialSuccess for what was quarantined", async () => {
    const spans = await makeSpans("conv-partial");
    const bytes = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
    const ok = await fetch(`${base}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: Buffer.from(bytes),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/x-protobuf");
    expect(decodeExportResponse("traces", new Uint8Array(await ok.arrayBuffer()))).toEqual({});
    const bad = await fetch(`${base}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: Buffer.from([0x0a, 0xff, 0xff, 0x01]),
    });
    expect(bad.status).toBe(200);
    const body = decodeExportResponse("traces", new Uint8Array(await bad.arrayBuffer()));
    expect(body).toMatchObject({ partialSuccess: { rejectedSpans: "1" } });
    expect(String((body.partialSuccess as { errorMessage: string }).errorMessage)).toMatch(
      /^#0: malformed OTLP protobuf \(ExportTraceServiceRequest\)/,
    );
  });

  it("refuses other content types (415), unknown encodings (415), oversized and gzip-bomb bodies (413)", async () => {
    const post = (headers: Record<string, string>, body: Uint8Array | string) =>
      fetch(`${base}/v1/traces`, { method: "POST", headers, body: typeof body === "string" ? body : Buffer.from(body) });
    expect((await post({ "content-type": "text/plain" }, "hi")).status).toBe(415);
    expect((await post({ "content-type": "application/x-protobuf", "content-encoding": "br" }, "x")).status).toBe(415);
    expect((await post({ "content-type": "application/x-protobuf" }, new Uint8Array(300 * 1024))).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(256 * 1024);
    const res = await post({ "content-type": "application/x-protobuf", "content-encoding": "gzip" }, bomb);
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/inflates to more than 262144 bytes/);
  });

  it("the /v1/traces route refuses anonymous requests (data:ingest) until tokens are wired", async () => {
    const res = await tracesRoute(
      new Request("http://x/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf" }, body: "" }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(401);
    expect(tracesRoute.permission).toBe("data:ingest");
  });

  it("with an ingest-scope token, the route takes gzip protobuf, answers protobuf and audits the source", async () => {
    const store = await getStore();
    const { token } = await createToken(store, CLI_ACTOR, { name: "otel", scope: "ingest", kind: "service", expiresAt: null });
    const bytes = ProtobufTraceSerializer.serializeRequest(await makeSpans("conv-route")) as Uint8Array;
    const res = await tracesRoute(
      new Request("http://x/v1/traces", {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip", authorization: `Bearer ${token}` },
        body: gzipSync(bytes),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    expect(decodeExportResponse("traces", new Uint8Array(await res.arrayBuffer()))).toEqual({});
    const s = await store.prisma.agentSession.findUniqueOrThrow({ where: { kind_externalId: { kind: "otel", externalId: "conv-route" } } });
    expect(await store.prisma.agentAction.count({ where: { sessionId: s.id, kind: "tool_call" } })).toBe(2);
    const audit = await store.prisma.auditLog.findFirst({ where: { action: "ingest.source", targetId: s.sourceId ?? "" } });
    expect(audit).toMatchObject({ actorType: "token" });
    const wrong = await tracesRoute(
      new Request("http://x/v1/traces", {
        method: "POST",
        headers: { "content-type": "text/plain", authorization: `Bearer ${token}` },
        body: "x",
      }),
      { params: Promise.resolve({}) },
    );
    expect(wrong.status).toBe(415);
  });
});

describe.each(testStores())("OTLP protobuf decoding and ingest on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("decodes the official serializers' bytes to OTLP/JSON (hex ids, string nanos) and stores spans and log records", async () => {
    const spans = await makeSpans("conv-store");
    const traceBytes = ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array;
    const decoded = decodeOtlpProtobuf("traces", traceBytes);
    expect(decoded.ok).toBe(true);
    const span = (decoded as { value: { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] } }).value.resourceSpans[0]
      .scopeSpans[0].spans[0];
    expect(span.traceId).toBe(spans[0].spanContext().traceId);
    expect(span.spanId).toBe(spans[0].spanContext().spanId);
    expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
    const t = await ingestOtlp(store, "traces", traceBytes, {}, {}, "protobuf");
    expect(t).toMatchObject({ read: 3, quarantined: 0, error: null });
    const logBytes = ProtobufLogsSerializer.serializeRequest(await makeLogRecords("cc-store")) as Uint8Array;
    const l = await ingestOtlp(store, "logs", logBytes, {}, {}, "protobuf");
    expect(l).toMatchObject({ read: 1, ingested: 1, quarantined: 0 });
    const bad = await ingestOtlp(store, "logs", new Uint8Array([0x0a, 0x05, 0x01]), {}, {}, "protobuf");
    expect(bad).toMatchObject({ read: 1, quarantined: 1, ingested: 0 });
    const q = await store.prisma.quarantinedRecord.findFirstOrThrow({ where: { sourceId: bad.sourceId! } });
    expect(q.reason).toMatch(/^malformed OTLP protobuf \(ExportLogsServiceRequest\)/);
    expect(q.rawText).toBe("base64:CgUB");
  });
});
