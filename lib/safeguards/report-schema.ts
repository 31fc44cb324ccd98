import { z } from "zod";
import { SafeguardKind } from "./file-schema";
import { TargetStatus } from "./types";

/** `npx aftermath safeguards --json`: the stable contract (exactly these fields). */
export const SafeguardStatusReport = z.array(
  z
    .object({
      key: z.string(),
      kind: SafeguardKind,
      status: TargetStatus,
      targets: z.array(
        z
          .object({
            account: z.string(),
            status: TargetStatus,
            violations: z.number().int().nonnegative(),
            observations: z.number().int().nonnegative(),
          })
          .strict(),
      ),
    })
    .strict(),
);
export type SafeguardStatusReport = z.infer<typeof SafeguardStatusReport>;

/** `npx aftermath safeguards replay … --json`: event ids are CloudTrail eventIDs. */
export const ReplayReport = z
  .object({
    total: z.object({ destructive: z.number().int().nonnegative(), blocked: z.number().int().nonnegative() }).strict(),
    incidents: z.array(
      z
        .object({
          id: z.string(),
          triggerEventId: z.string(),
          destructive: z.number().int().nonnegative(),
          blocked: z.number().int().nonnegative(),
          blockedEventIds: z.array(z.string()),
          allowedEventIds: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict()
  .refine(
    (r) => r.incidents.every((i) => i.blocked === i.blockedEventIds.length && i.destructive === i.blocked + i.allowedEventIds.length),
    {
      message: "counts must match the event id lists",
    },
  );
export type ReplayReport = z.infer<typeof ReplayReport>;

export function toReplayReport(r: {
  total: { destructive: number; blocked: number };
  incidents: {
    id: string;
    triggerEventId: string;
    destructive: number;
    blocked: number;
    blockedEventIds: string[];
    allowedEventIds: string[];
  }[];
}): ReplayReport {
  return {
    total: { ...r.total },
    incidents: r.incidents.map((i) => ({
      id: i.id,
      triggerEventId: i.triggerEventId,
      destructive: i.destructive,
      blocked: i.blocked,
      blockedEventIds: [...i.blockedEventIds],
      allowedEventIds: [...i.allowedEventIds],
    })),
  };
}

/** The `safeguards --json` contract from stored rows. Pure. */
export function statusReport(
  rows: readonly {
    key: string;
    kind: string;
    status: string;
    targets: readonly { account: string; status: string; violations: number; observations: number }[];
  }[],
): SafeguardStatusReport {
  return rows.map((s) => ({
    key: s.key,
    kind: s.kind as SafeguardStatusReport[number]["kind"],
    status: s.status as TargetStatus,
    targets: s.targets.map((t) => ({
      account: t.account,
      status: t.status as TargetStatus,
      violations: t.violations,
      observations: t.observations,
    })),
  }));
}
