import { withErrors } from "@/lib/http/errors";
import { handleOtlp } from "@/lib/ingest/otlp-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /v1/traces: OTLP/HTTP JSON traces (OpenTelemetry GenAI execute_tool / invoke_agent spans). */
export const POST = withErrors((request: Request) => handleOtlp(request, "traces"));
