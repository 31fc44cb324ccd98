import { route } from "@/lib/http/route";
import { handleOtlpExport } from "../_otlp/handle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /v1/traces: OTLP/HTTP traces, protobuf or JSON, optionally gzip (GenAI execute_tool / claude_code spans). */
export const POST = route({ permission: "data:ingest" }, ({ request, actor, meta }) =>
  handleOtlpExport(request, "traces", { actor, meta }),
);
