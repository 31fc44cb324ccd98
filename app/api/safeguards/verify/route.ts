import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { evaluateSafeguards } from "@/lib/safeguards/mutations";

export const dynamic = "force-dynamic";

/** POST /api/safeguards/verify → re-verifies every safeguard from the evidence in the store (on demand). */
export const POST = route({ permission: "safeguards:manage" }, async () => evaluateSafeguards(await getStore()));
