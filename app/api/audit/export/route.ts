import { z } from "zod";
import { type AuditExportFormat, auditCsvHeader, auditCsvRow, auditJsonlRow, exportContentType } from "@/lib/audit/csv";
import { parseAuditFilter } from "@/lib/audit/filters";
import { iterateAudit } from "@/lib/audit/queries";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Query = z.looseObject({ format: z.enum(["csv", "jsonl"]).default("csv") });

/**
 * GET /api/audit/export?format=csv|jsonl&actor=…&action=…&targetType=…&targetId=…&from=…&to=… — every matching
 * audit row, oldest first, streamed (read in keyset batches, so any size of log streams in bounded memory).
 */
export const GET = route({ permission: "audit:read", query: Query }, async ({ query, request }) => {
  const format = query.format as AuditExportFormat;
  const filter = parseAuditFilter(new URL(request.url).searchParams);
  const store = await getStore();
  const encoder = new TextEncoder();
  const rows = iterateAudit(store, filter);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      if (format === "csv") c.enqueue(encoder.encode(auditCsvHeader()));
    },
    async pull(c) {
      try {
        // about 64 KiB per chunk: fewer, larger writes than one per row
        let text = "";
        while (text.length < 65_536) {
          const n = await rows.next();
          if (n.done) {
            if (text) c.enqueue(encoder.encode(text));
            return c.close();
          }
          text += format === "csv" ? auditCsvRow(n.value) : auditJsonlRow(n.value);
        }
        c.enqueue(encoder.encode(text));
      } catch (e) {
        console.error("[audit] export failed:", e);
        c.error(e);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(body, {
    headers: {
      "content-type": exportContentType(format),
      "content-disposition": `attachment; filename="aftermath-audit-${stamp}.${format}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
