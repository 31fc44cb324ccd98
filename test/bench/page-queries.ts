import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { eventFacets } from "@/lib/events/facets";
import { eventFilter } from "@/lib/events/filters";
import { eventDensity, listEvents } from "@/lib/events/queries";
import { Prisma } from "@/lib/generated/prisma/client";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { rollupSpanEdge } from "@/lib/rollup/queries";
import { startPostgres } from "@/test/support/postgres-server";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { openMigrated } from "./targets";

/**
 * `node lib/cli/run-ts… test/bench/page-queries.ts`: the default /events page's statements before (skip scans and a
 * GROUP BY over cloudtrail_event for the facets, min/max over it for the span) and after (the rollup), on a fresh
 * PostgreSQL with N synthetic events (24 h). Prints medians of 7 runs after a warm-up.
 */
export async function pageQueriesCommand(argv: string[]): Promise<number> {
  const n = Number(argv[0] ?? 200_000);
  const dir = await mkdtemp(path.join(tmpdir(), "aftermath-pageq-"));
  const server = await startPostgres();
  const store = await openMigrated(server.url());
  try {
    const files: string[] = [];
    const per = 50_000;
    for (let i = 0; i < n; i += per) {
      const f = path.join(dir, `p${i}.jsonl`);
      const lines: string[] = [];
      for (let j = i; j < Math.min(n, i + per); j++) lines.push(JSON.stringify(syntheticRecord(j, { seed: 7, total: n })));
      writeFileSync(f, `${lines.join("\n")}\n`);
      files.push(f);
    }
    await ingestPaths(store, files);
    await store.prisma.$executeRawUnsafe("VACUUM ANALYZE");
    const q = store.prisma;
    const skip = (col: string, where = Prisma.sql`TRUE`) =>
      q.$queryRaw<{ v: string }[]>`WITH RECURSIVE t(v) AS (
        (SELECT ${Prisma.raw(col)} FROM cloudtrail_event WHERE ${where} AND ${Prisma.raw(col)} IS NOT NULL ORDER BY 1 LIMIT 1)
        UNION ALL SELECT (SELECT ${Prisma.raw(col)} FROM cloudtrail_event WHERE ${where} AND ${Prisma.raw(col)} > t.v ORDER BY 1 LIMIT 1) FROM t WHERE t.v IS NOT NULL)
        SELECT v FROM t WHERE v IS NOT NULL LIMIT 300`;
    const before = {
      "facets: account (skip scan)": () => skip("account_id"),
      "facets: region (skip scan per account)": async () => {
        for (const a of await skip("account_id")) await skip("region", Prisma.sql`account_id = ${a.v}`);
      },
      "facets: service (GROUP BY event_source)": () =>
        q.$queryRaw`SELECT event_source, count(*)::int FROM cloudtrail_event GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 300`,
      "span: no filter (min/max)": () => q.$queryRaw`SELECT min(event_time), max(event_time) FROM cloudtrail_event`,
      "span: service=cloudformation": () =>
        q.$queryRaw`SELECT min(event_time), max(event_time) FROM cloudtrail_event WHERE event_source = 'cloudformation.amazonaws.com'`,
      "span: errors only": () => q.$queryRaw`SELECT min(event_time), max(event_time) FROM cloudtrail_event WHERE error_code IS NOT NULL`,
      "span: rare (account+region+errors+destructive)": () =>
        q.$queryRaw`SELECT min(event_time), max(event_time) FROM cloudtrail_event WHERE account_id = '777788889999'
          AND region = 'cn-north-1' AND error_code IS NOT NULL AND risk = 'destructive'`,
    };
    const span = (f: Parameters<typeof eventFilter>[0]) => async () => {
      await Promise.all([rollupSpanEdge(store, eventFilter(f), "min"), rollupSpanEdge(store, eventFilter(f), "max")]);
    };
    const after = {
      "facets: all three (rollup hour rows)": () => eventFacets(store),
      "chart, no filter (index span + rollup density)": () => eventDensity(store, {}, 120).then(() => undefined),
      "span: service=cloudformation": span({ service: "cloudformation.amazonaws.com" }),
      "span: errors only": span({ errorsOnly: true }),
      "span: rare (account+region+errors+destructive)": span({
        account: "777788889999",
        region: "cn-north-1",
        errorsOnly: true,
        risk: ["destructive"],
      }),
      "page (list + chart + facets), no filter": () =>
        Promise.all([listEvents(store, {}), eventDensity(store, {}, 120), eventFacets(store)]),
    };
    const time = async (fn: () => Promise<unknown>) => {
      await fn();
      const t: number[] = [];
      for (let i = 0; i < 7; i++) {
        const s = performance.now();
        await fn();
        t.push(performance.now() - s);
      }
      return t.sort((a, b) => a - b)[3].toFixed(1);
    };
    console.log(
      `${n} events on PostgreSQL; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    for (const [k, fn] of Object.entries(before)) console.log(`before  ${k.padEnd(44)} ${await time(fn)} ms`);
    for (const [k, fn] of Object.entries(after)) console.log(`after   ${k.padEnd(44)} ${await time(fn)} ms`);
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    return 0;
  } finally {
    await store.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
