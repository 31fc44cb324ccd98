import { withErrors } from "@/lib/http/errors";
import { handleOtlp } from "@/lib/ingest/otlp-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /v1/logs: OTLP/HTTP JSON logs (Claude Code telemetry events: user_prompt, tool_decision, tool_result). */
export const POST = withErrors((request: Request) => handleOtlp(request, "logs"));
