import { route } from "@/lib/http/route";
import { handleOtlpExport } from "../_otlp/handle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /v1/logs: OTLP/HTTP logs, protobuf or JSON, optionally gzip (Claude Code events: user_prompt, tool_decision, tool_result). */
export const POST = route({ permission: "data:ingest" }, ({ request, actor, meta }) => handleOtlpExport(request, "logs", { actor, meta }));
