import type { RiskClass } from "@/lib/model/risk";
import { RISK_TABLE } from "./risk-catalog-data";

/**
 * Risk classification of AWS API calls (CloudTrail eventSource + eventName).
 *
 * Order of decision:
 *  1. explicit catalog entry for (service, eventName) — see risk-catalog-data.ts;
 *  2. service-agnostic explicit entries (StopLogging, ScheduleKeyDeletion, LeaveOrganization, DeleteTrail);
 *  3. prefix/pattern rules, in this order: destructive, read, privilege; anything else is `write`.
 * Lambda-style API version suffixes are stripped first (`AddPermission20150331v2` → `AddPermission`).
 */

export interface RiskCatalogEntry {
  /** Full CloudTrail eventSource, e.g. `ec2.amazonaws.com`. */
  eventSource: string;
  eventName: string;
  risk: RiskClass;
}

const RISK_CLASSES: readonly RiskClass[] = ["read", "write", "destructive", "privilege"];

function buildCatalog(): RiskCatalogEntry[] {
  const out: RiskCatalogEntry[] = [];
  for (const [service, byRisk] of Object.entries(RISK_TABLE)) {
    for (const risk of RISK_CLASSES) {
      const names = byRisk[risk];
      if (!names) continue;
      for (const eventName of names.split(/\s+/).filter(Boolean)) {
        out.push({ eventSource: `${service}.amazonaws.com`, eventName, risk });
      }
    }
  }
  return out;
}

/** Every explicit (eventSource, eventName) → risk entry. Later duplicates of a key would win; the data has none. */
export const RISK_CATALOG: readonly RiskCatalogEntry[] = Object.freeze(buildCatalog());

const CATALOG_INDEX = new Map<string, RiskClass>(RISK_CATALOG.map((e) => [`${serviceOf(e.eventSource)}:${e.eventName}`, e.risk]));

/** Explicit entries that apply whatever the service (anti-forensics and irreversible account changes). */
export const GLOBAL_RISK_OVERRIDES: Readonly<Record<string, RiskClass>> = {
  StopLogging: "destructive",
  ScheduleKeyDeletion: "destructive",
  LeaveOrganization: "destructive",
  DeleteTrail: "destructive",
  PassRole: "privilege",
  GetFederationToken: "privilege",
  GetSessionToken: "privilege",
};

interface PatternRule {
  pattern: RegExp;
  risk: RiskClass;
  rule: string;
}

/** Policies named *Policy that are not permission policies (retention, scaling, lifecycle…): not privilege. */
const NON_PERMISSION_POLICY = /(Retention|Scaling|Lifecycle|Backup|Replication|Routing|Scheduled|Deletion|Password)\w*Policy$/;

export const PATTERN_RULES: readonly PatternRule[] = [
  {
    pattern: /^(Delete|Terminate|Remove|Detach|Deregister|Disable|Stop|Revoke|Purge|Cancel)/,
    risk: "destructive",
    rule: "destructive prefix",
  },
  {
    pattern: /^(Get|List|Describe|Head|Lookup|BatchGet|Search|Query|Scan|Check|Validate|Preview|Estimate)/,
    risk: "read",
    rule: "read prefix",
  },
  { pattern: /^(Put|Attach|Set|Update)\w*Policy$/, risk: "privilege", rule: "policy change" },
  { pattern: /^Create\w*AccessKey$/, risk: "privilege", rule: "access key creation" },
  { pattern: /^AssumeRole/, risk: "privilege", rule: "role assumption" },
  { pattern: /^(CreateGrant|PassRole)$/, risk: "privilege", rule: "grant" },
  { pattern: /Permissions?$/, risk: "privilege", rule: "permission change" },
];

/** `ec2.amazonaws.com` → `ec2`; also accepts a bare service prefix; `.amazonaws.com.cn` tolerated. */
export function serviceOf(eventSource: string): string {
  return eventSource
    .trim()
    .toLowerCase()
    .replace(/\.amazonaws\.com(\.cn)?$/, "");
}

/** Strip Lambda-style API version suffixes: `UpdateFunctionCode20150331v2` → `UpdateFunctionCode`. */
export function stripApiVersionSuffix(eventName: string): string {
  const stripped = eventName.replace(/(?:19|20)\d{6}(?:v\d+)?$/, "");
  return stripped.length > 0 ? stripped : eventName;
}

export interface RiskExplanation {
  risk: RiskClass;
  /** "catalog" | "global override" | the pattern rule name | "default write". */
  rule: string;
  /** The eventName after version-suffix stripping. */
  eventName: string;
}

/** classifyApi with the reason it was chosen (for UI tooltips and tests). */
export function explainApiRisk(eventSource: string, eventName: string): RiskExplanation {
  const name = stripApiVersionSuffix(eventName.trim());
  const explicit = CATALOG_INDEX.get(`${serviceOf(eventSource)}:${name}`);
  if (explicit) return { risk: explicit, rule: "catalog", eventName: name };
  const global = GLOBAL_RISK_OVERRIDES[name];
  if (global) return { risk: global, rule: "global override", eventName: name };
  for (const r of PATTERN_RULES) {
    if (!r.pattern.test(name)) continue;
    if (r.rule === "policy change" && NON_PERMISSION_POLICY.test(name)) continue;
    return { risk: r.risk, rule: r.rule, eventName: name };
  }
  return { risk: "write", rule: "default write", eventName: name };
}

/** Risk class of one AWS API call. `eventSource` may be `ec2.amazonaws.com` or just `ec2`. */
export function classifyApi(eventSource: string, eventName: string): RiskClass {
  return explainApiRisk(eventSource, eventName).risk;
}
