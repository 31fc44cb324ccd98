import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { SafeguardsFile } from "@/lib/safeguards/file-schema";
import { applySafeguardsFile } from "@/lib/safeguards/mutations";
import { loadSafeguardRows } from "@/lib/safeguards/queries";
import { statusReport } from "@/lib/safeguards/report-schema";

export const dynamic = "force-dynamic";

/** GET /api/safeguards → the `safeguards --json` contract (lib/safeguards/report-schema.ts SafeguardStatusReport). */
export const GET = route({ permission: "data:read" }, async () => statusReport(await loadSafeguardRows(await getStore())));

/** POST /api/safeguards with a safeguards file as JSON → applied (idempotent, audited) and verified. */
export const POST = route(
  { permission: "safeguards:manage", body: SafeguardsFile, maxBodyBytes: 1024 * 1024 },
  async ({ actor, body, meta }) => applySafeguardsFile(await getStore(), body, actor, { meta }),
);
