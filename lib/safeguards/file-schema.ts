import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { unprocessable } from "@/lib/errors";

/**
 * Safeguards as code: the file `npx aftermath safeguards apply <file.json|yaml>` reads (README "Safeguards").
 * Minimal shape scripts rely on: `{"safeguards":[{"key","kind","title","targets":[{"account","rolloutAt"}]}]}`.
 */

export const SAFEGUARD_KINDS = [
  "approval-required",
  "peer-review",
  "scoped-agent-role",
  "deny-policy",
  "deletion-protection",
  "agent-permission-rules",
] as const;
export const SafeguardKind = z.enum(SAFEGUARD_KINDS);
export type SafeguardKind = z.infer<typeof SafeguardKind>;

const Iso = z.iso.datetime({ offset: true });

/** An IAM policy document (SCP, permission boundary or identity policy). Checked for the basic shape here. */
export const PolicyDocument = z
  .object({
    Version: z.string().optional(),
    Statement: z.union([z.array(z.record(z.string(), z.unknown())).min(1), z.record(z.string(), z.unknown())]),
  })
  .loose();
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const PolicyType = z.enum(["scp", "permission-boundary", "identity"]);
export type PolicyType = z.infer<typeof PolicyType>;

/** Claude Code `settings.json` permissions: `{"deny": ["Bash(terraform destroy:*)"], "ask": [...], "allow": [...]}`. */
export const AgentRules = z
  .object({
    deny: z.array(z.string().min(1)).default([]),
    ask: z.array(z.string().min(1)).default([]),
    allow: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type AgentRules = z.infer<typeof AgentRules>;

export const TargetSpec = z
  .object({
    account: z.string().regex(/^\d{12}$/, "an AWS account id: 12 digits"),
    /** Optional name (unique within the safeguard); default: the account plus the scope lists. */
    name: z.string().min(1).max(120).optional(),
    /** From when the safeguard must hold there; absent or in the future = planned. */
    rolloutAt: Iso.nullable().optional(),
    regions: z.array(z.string().min(1)).optional(),
    agentKinds: z.array(z.string().min(1)).optional(),
    /** Team names; a session is in scope when its user is a member (file-level `teams`). */
    teams: z.array(z.string().min(1)).optional(),
    /** Environment labels (e.g. "prod"); shown with the target. */
    environments: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type TargetSpec = z.infer<typeof TargetSpec>;

export const SafeguardSpec = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, "lower-case letters, digits, '.', '_' or '-', at most 80 characters"),
    kind: SafeguardKind,
    title: z.string().min(1).max(200),
    description: z.string().max(10_000).optional(),
    owner: z.string().max(200).optional(),
    /** Incident ids (or their trigger CloudTrail eventIDs) this safeguard answers. */
    incidents: z.array(z.string().min(1)).optional(),
    /** Post-mortem action items it answers (ids or text). */
    actionItems: z.array(z.string().min(1)).optional(),
    /** deny-policy: the IAM JSON document and what kind of policy it is. */
    policy: PolicyDocument.optional(),
    policyType: PolicyType.optional(),
    /** deletion-protection: resource ARNs or names (stacks, DB instances/clusters, load balancers, tables, buckets). */
    resources: z.array(z.string().min(1)).optional(),
    /** agent-permission-rules: the agent's own rules (Claude Code permissions). */
    rules: AgentRules.optional(),
    /** scoped-agent-role: role names (globs with *) agents must run under; default: any role that is not a human's or admin. */
    agentRoles: z.array(z.string().min(1)).optional(),
    targets: z.array(TargetSpec),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind === "deny-policy" && !s.policy) ctx.addIssue({ code: "custom", path: ["policy"], message: "deny-policy needs `policy`" });
    if (s.kind === "deletion-protection" && !s.resources?.length)
      ctx.addIssue({ code: "custom", path: ["resources"], message: "deletion-protection needs `resources`" });
    const names = new Set<string>();
    s.targets.forEach((t, i) => {
      const k = targetKey(t);
      if (names.has(k)) ctx.addIssue({ code: "custom", path: ["targets", i], message: `duplicate target "${k}"` });
      names.add(k);
    });
  });
export type SafeguardSpec = z.infer<typeof SafeguardSpec>;

export const SafeguardsFile = z
  .object({
    /** team name → members (user names or e-mails as agent logs record them). */
    teams: z.record(z.string(), z.array(z.string().min(1))).optional(),
    safeguards: z.array(SafeguardSpec),
  })
  .strict()
  .superRefine((f, ctx) => {
    const keys = new Set<string>();
    f.safeguards.forEach((s, i) => {
      if (keys.has(s.key)) ctx.addIssue({ code: "custom", path: ["safeguards", i, "key"], message: `duplicate key "${s.key}"` });
      keys.add(s.key);
      s.targets.forEach((t, j) => {
        for (const team of t.teams ?? [])
          if (!f.teams?.[team])
            ctx.addIssue({
              code: "custom",
              path: ["safeguards", i, "targets", j, "teams"],
              message: `team "${team}" is not defined in \`teams\``,
            });
      });
    });
  });
export type SafeguardsFile = z.infer<typeof SafeguardsFile>;

/** The natural key of a target within its safeguard. */
export function targetKey(t: TargetSpec): string {
  if (t.name) return t.name;
  const part = (label: string, xs?: string[]) => (xs?.length ? ` ${label}=${[...xs].sort().join(",")}` : "");
  return `${t.account}${part("regions", t.regions)}${part("agents", t.agentKinds)}${part("teams", t.teams)}${part("env", t.environments)}`;
}

/**
 * Parses a safeguards file (JSON, or YAML when the name ends in .yaml/.yml or the text is not JSON).
 * Errors name the file and the record (`safeguards[1].targets[0].account: …`).
 */
export function parseSafeguardsFile(text: string, fileName: string): SafeguardsFile {
  let data: unknown;
  const yaml = /\.ya?ml$/i.test(fileName);
  try {
    data = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw unprocessable(`${fileName}: not valid ${yaml ? "YAML" : "JSON"}: ${(e as Error).message}`);
  }
  const r = SafeguardsFile.safeParse(data);
  if (!r.success) {
    const msgs = r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw unprocessable(`${fileName}: ${msgs.join("; ")}`, { issues: msgs });
  }
  return r.data;
}

function formatPath(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "(file)";
}
