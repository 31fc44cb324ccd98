import { z } from "zod";
import { getStore } from "@/lib/db";
import { unprocessable } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { rulesFromSettings } from "@/lib/safeguards/agent-rules";
import { replayInStore } from "@/lib/safeguards/evaluate";
import { PolicyDocument } from "@/lib/safeguards/file-schema";
import type { Candidate } from "@/lib/safeguards/replay";

export const dynamic = "force-dynamic";

const ReplayBody = z
  .object({
    type: z.enum(["scp", "permission-boundary", "identity", "agent-rules"]),
    /** the IAM policy document, or a Claude Code settings.json */
    document: z.record(z.string(), z.unknown()),
    accounts: z
      .array(z.string().regex(/^\d{12}$/))
      .max(100)
      .optional(),
    incident: z.string().max(200).optional(),
  })
  .strict();

/**
 * POST /api/safeguards/replay {type, document, accounts?, incident?} → which destructive steps of past incidents the
 * candidate would have blocked, with the deciding statement of each (nothing is stored).
 */
export const POST = route({ permission: "data:read", body: ReplayBody }, async ({ body }) => {
  let candidate: Candidate;
  if (body.type === "agent-rules") {
    try {
      candidate = { type: "agent-rules", rules: rulesFromSettings(body.document) };
    } catch (e) {
      throw unprocessable(`settings: ${(e as Error).message}`);
    }
  } else {
    const policy = PolicyDocument.safeParse(body.document);
    if (!policy.success) throw unprocessable("document: not an IAM policy document (needs Statement)");
    candidate = { type: body.type, policy: policy.data };
  }
  return replayInStore(await getStore(), candidate, { accounts: body.accounts, incident: body.incident });
});
