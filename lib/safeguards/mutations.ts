import "server-only";
import { recordAudit } from "@/lib/audit/mutations";
import { type Actor, actorRef } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestMeta } from "@/lib/http/route";
import type { AffectedRange } from "@/lib/ingest/ingest-file";
import { judgeTarget } from "./evaluate";
import { defOf } from "./evidence-queries";
import { type SafeguardSpec, type SafeguardsFile, targetKey } from "./file-schema";
import { loadSafeguardRows } from "./queries";
import type { TargetStatus } from "./types";
import { overallStatus } from "./verify";

export interface ApplyResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  targets: { created: number; updated: number; removed: number };
}

const json = (v: unknown) => (v === undefined || v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

function safeguardData(s: SafeguardSpec) {
  return {
    kind: s.kind,
    title: s.title,
    description: s.description ?? null,
    owner: s.owner ?? null,
    incidents: s.incidents ?? [],
    actionItems: s.actionItems ?? [],
    policy: s.policy ?? null,
    policyType: s.policy ? (s.policyType ?? "scp") : null,
    resources: s.resources ?? [],
    rules: s.rules ?? null,
    agentRoles: s.agentRoles ?? [],
  };
}

function targetData(t: SafeguardSpec["targets"][number], teams: SafeguardsFile["teams"]) {
  const members = [...new Set((t.teams ?? []).flatMap((team) => teams?.[team] ?? []))].sort();
  return {
    key: targetKey(t),
    account: t.account,
    rolloutAt: t.rolloutAt ? new Date(t.rolloutAt).toISOString() : null,
    regions: t.regions ?? [],
    agentKinds: t.agentKinds ?? [],
    teams: t.teams ?? [],
    members,
    environments: t.environments ?? [],
  };
}

/** Key-order-independent JSON (jsonb columns come back with their keys reordered). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Applies a safeguards file: creates or updates each safeguard by `key` and its targets by their natural key
 * (targets no longer listed are removed), each change audited with the actor, in one transaction per safeguard.
 * Safeguards the file does not name are left alone. Idempotent: applying the same file again changes nothing.
 * Then evaluates the applied safeguards.
 */
export async function applySafeguardsFile(
  store: Store,
  file: SafeguardsFile,
  actor: Actor,
  opts: { meta?: RequestMeta; now?: number } = {},
): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [], unchanged: [], targets: { created: 0, updated: 0, removed: 0 } };
  const ref = actorRef(actor);
  for (const spec of file.safeguards) {
    const data = safeguardData(spec);
    const wanted = spec.targets.map((t) => targetData(t, file.teams));
    await store.prisma.$transaction(async (tx) => {
      const existing = await tx.safeguard.findUnique({ where: { key: spec.key }, include: { targets: true } });
      let id: string;
      let changed = false;
      if (!existing) {
        const row = await tx.safeguard.create({
          data: {
            key: spec.key,
            ...data,
            policy: json(data.policy),
            rules: json(data.rules),
            actorType: ref.actorType,
            actorId: ref.actorId,
            actorLabel: ref.actorLabel,
          },
        });
        id = row.id;
        await recordAudit(tx, {
          actor,
          action: "safeguard.create",
          targetType: "safeguard",
          targetId: spec.key,
          after: { ...data, targets: wanted },
          meta: opts.meta,
        });
        result.created.push(spec.key);
      } else {
        id = existing.id;
        const before = {
          kind: existing.kind,
          title: existing.title,
          description: existing.description,
          owner: existing.owner,
          incidents: existing.incidents,
          actionItems: existing.actionItems,
          policy: existing.policy,
          policyType: existing.policyType,
          resources: existing.resources,
          rules: existing.rules,
          agentRoles: existing.agentRoles,
        };
        if (!same(before, data)) {
          await tx.safeguard.update({
            where: { id },
            data: {
              ...data,
              policy: json(data.policy),
              rules: json(data.rules),
              actorType: ref.actorType,
              actorId: ref.actorId,
              actorLabel: ref.actorLabel,
            },
          });
          await recordAudit(tx, {
            actor,
            action: "safeguard.update",
            targetType: "safeguard",
            targetId: spec.key,
            before,
            after: data,
            meta: opts.meta,
          });
          changed = true;
        }
      }
      const current = new Map((existing?.targets ?? []).map((t) => [t.key, t]));
      for (const t of wanted) {
        const old = current.get(t.key);
        current.delete(t.key);
        const row = { ...t, rolloutAt: t.rolloutAt ? new Date(t.rolloutAt) : null };
        if (!old) {
          await tx.safeguardTarget.create({ data: { safeguardId: id, ...row } });
          if (existing) {
            await recordAudit(tx, {
              actor,
              action: "safeguard.target.create",
              targetType: "safeguard",
              targetId: spec.key,
              after: t,
              meta: opts.meta,
            });
            changed = true;
          }
          result.targets.created++;
          continue;
        }
        const before = {
          key: old.key,
          account: old.account,
          rolloutAt: old.rolloutAt?.toISOString() ?? null,
          regions: old.regions,
          agentKinds: old.agentKinds,
          teams: old.teams,
          members: old.members,
          environments: old.environments,
        };
        if (same(before, t)) continue;
        await tx.safeguardTarget.update({ where: { id: old.id }, data: row });
        await recordAudit(tx, {
          actor,
          action: "safeguard.target.update",
          targetType: "safeguard",
          targetId: spec.key,
          before,
          after: t,
          meta: opts.meta,
        });
        result.targets.updated++;
        changed = true;
      }
      for (const gone of current.values()) {
        await tx.safeguardTarget.delete({ where: { id: gone.id } });
        await recordAudit(tx, {
          actor,
          action: "safeguard.target.delete",
          targetType: "safeguard",
          targetId: spec.key,
          before: { key: gone.key, account: gone.account },
          meta: opts.meta,
        });
        result.targets.removed++;
        changed = true;
      }
      if (existing && changed)
        await tx.safeguard.update({
          where: { id },
          data: { changedAt: new Date(), actorType: ref.actorType, actorId: ref.actorId, actorLabel: ref.actorLabel },
        });
      if (existing) (changed ? result.updated : result.unchanged).push(spec.key);
    });
  }
  await evaluateSafeguards(store, { keys: file.safeguards.map((s) => s.key), now: opts.now });
  return result;
}

/**
 * After an ingest, a target's verdict can change only if the new rows reach its scope: new or re-linked agent
 * sessions, or events at or after its rollout — or if its rollout date passed since it was last judged.
 */
function canChange(t: { rolloutAt: Date | null; evaluatedAt: Date | null }, a: AffectedRange): boolean {
  if (!t.rolloutAt) return !t.evaluatedAt;
  if (!t.evaluatedAt || t.evaluatedAt < t.rolloutAt) return true;
  return a.sessionIds.length > 0 || (a.maxTime !== null && a.maxTime >= t.rolloutAt.getTime());
}

export interface EvaluateResult {
  safeguards: number;
  targets: number;
  changed: number;
  ms: number;
}

/**
 * Judges every target (or those of `keys`) from the evidence now in the store and stores the verdicts; a snapshot
 * row is added when a target's status or counts change (the rollout chart and violation history).
 */
export async function evaluateSafeguards(
  store: Store,
  opts: { keys?: string[]; now?: number; affected?: AffectedRange } = {},
): Promise<EvaluateResult> {
  const started = Date.now();
  const now = opts.now ?? Date.now();
  const rows = (await loadSafeguardRows(store)).filter((s) => !opts.keys || opts.keys.includes(s.key));
  let targets = 0;
  let changed = 0;
  for (const s of rows) {
    const def = defOf(s);
    const statuses: TargetStatus[] = [];
    for (const t of s.targets) {
      if (opts.affected && !canChange(t, opts.affected)) {
        statuses.push(t.status as TargetStatus);
        continue;
      }
      targets++;
      const v = await judgeTarget(store, def, t, now);
      statuses.push(v.status);
      const moved = v.status !== t.status || v.violations !== t.violations || v.observations !== t.observations;
      await store.prisma.$transaction(async (tx) => {
        await tx.safeguardTarget.update({
          where: { id: t.id },
          data: {
            status: v.status,
            violations: v.violations,
            observations: v.observations,
            evidence: v.evidence as unknown as Prisma.InputJsonValue,
            evaluatedAt: new Date(now),
          },
        });
        if (moved || !t.evaluatedAt)
          await tx.safeguardEvaluation.create({
            data: { targetId: t.id, at: new Date(now), status: v.status, violations: v.violations, observations: v.observations },
          });
      });
      if (moved) changed++;
    }
    await store.prisma.safeguard.update({
      where: { id: s.id },
      data: { status: overallStatus(statuses), evaluatedAt: new Date(now) },
    });
  }
  return { safeguards: rows.length, targets, changed, ms: Date.now() - started };
}

/**
 * The call the ingest hook makes after each file (continuous verification). A failure never fails the ingest: it is
 * logged and noted on the report; `npx aftermath safeguards verify` re-runs it.
 */
export async function verifySafeguardsAfterIngest(store: Store, report?: { notes: string[] }, affected?: AffectedRange): Promise<void> {
  try {
    if ((await store.prisma.safeguard.count()) === 0) return;
    await evaluateSafeguards(store, { affected });
  } catch (e) {
    console.error("[safeguards] verification after ingest failed:", e);
    report?.notes.push("safeguard verification failed after this file; run `npx aftermath safeguards verify`");
  }
}
