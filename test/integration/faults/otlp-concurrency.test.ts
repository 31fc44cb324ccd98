import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { ingestOtlp } from "@/lib/ingest/otlp";
import { testStores } from "../../support/stores";

/**
 * Issue 14 #9: the official OTLP/HTTP exporter with a SimpleSpanProcessor sends the two spans of one new
 * conversation (an `execute_tool` span and its `invoke_agent` parent) as two concurrent requests. Both must be
 * stored: OTLP exporters do not retry a 500. The loopback server holds the first request until the second arrives
 * so both create the session at the same moment (the race the probe hit 3 of 3 times), then calls the OTLP ingest
 * function (the HTTP route is not reachable anonymously until the accounts work lands).
 */
function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

describe.each(testStores())("OTLP exporter sending one conversation's spans concurrently ($name)", ({ open }) => {
  let store: Store;
  let server: Server;
  const statuses: number[] = [];
  let arrived: (() => void)[] = [];

  beforeAll(async () => {
    store = await open();
    server = createServer(async (req, res) => {
      const data = await body(req);
      // Barrier: wait (at most 3 s) until both requests are here, then ingest both at once.
      await new Promise<void>((resolve) => {
        arrived.push(resolve);
        if (arrived.length >= 2) {
          for (const r of arrived) r();
          arrived = [];
        } else setTimeout(resolve, 3000);
      });
      try {
        await ingestOtlp(store, "traces", data);
        statuses.push(200);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch (e) {
        statuses.push(500);
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(e) }));
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await store.close();
  });

  it("stores both spans and one session, answering 200 to both requests", async () => {
    const port = (server.address() as AddressInfo).port;
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "fault-agent" }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer("faults");
    const conversation = `conv-${Date.now()}`;
    const parent = tracer.startSpan("invoke_agent ops-bot", {
      kind: SpanKind.INTERNAL,
      attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "ops-bot", "gen_ai.conversation.id": conversation },
    });
    const child = tracer.startSpan(
      "execute_tool shell",
      {
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": "shell",
          "gen_ai.tool.call.id": `${conversation}-call-1`,
          "gen_ai.tool.call.arguments": '{"command":"aws s3 ls"}',
          "gen_ai.conversation.id": conversation,
        },
      },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.end();
    parent.end();
    await provider.forceFlush();
    await provider.shutdown();
    expect(statuses).toEqual([200, 200]);
    const sessions = await store.prisma.agentSession.findMany({ where: { externalId: conversation } });
    expect(sessions).toHaveLength(1);
    expect(await store.prisma.agentAction.count({ where: { toolCallId: `${conversation}-call-1` } })).toBe(1);
    const sources = await store.prisma.ingestSource.findMany({ where: { via: "otlp" } });
    expect(sources.every((s) => s.status === "done")).toBe(true);
  });
});
