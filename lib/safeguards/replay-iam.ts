import { getDenialReasons, type RequestDenial, runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument, PolicyType } from "./file-schema";
import type { IamRequest } from "./iam-request";

export interface PolicyDecision {
  /** blocked: the policy denies it; allowed: it does not; error: the request could not be evaluated (reason says why). */
  decision: "blocked" | "allowed" | "error";
  /** The deciding statement, e.g. `SCP statement "DenyAgentStackDeletes" (#2)` or `no Allow statement in the SCP matches`. */
  statement: string | null;
  reason: string;
}

const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const LABEL: Record<PolicyType, string> = { scp: "SCP", "permission-boundary": "permission boundary", identity: "identity policy" };
const POLICY_NAME = "candidate";

/**
 * Would `policy` deny this recorded call? What was in force then allowed it (it is recorded as made), so it is
 * modelled as an identity policy allowing everything, and the candidate is added as given: an SCP (which must hold
 * its own Allow statements, as attached SCPs do), a permission boundary, or (type `identity`) a policy whose
 * Deny statements are evaluated next to that allow-all. Pure (async only because the evaluator is).
 */
export async function evaluatePolicy(policy: PolicyDocument, type: PolicyType, req: IamRequest): Promise<PolicyDecision> {
  const identity = [{ name: "recorded-allow", policy: ALLOW_ALL }];
  const sim: Simulation = {
    request: {
      principal: req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.accountId },
      contextVariables: req.context,
    },
    identityPolicies: type === "identity" ? [...identity, { name: POLICY_NAME, policy }] : identity,
    serviceControlPolicies: type === "scp" ? [{ orgIdentifier: "candidate-scp", policies: [{ name: POLICY_NAME, policy }] }] : [],
    resourceControlPolicies: [],
    permissionBoundaryPolicies: type === "permission-boundary" ? [{ name: POLICY_NAME, policy }] : undefined,
  };
  let res = await runSimulation(sim, {});
  if (res.resultType === "error" && req.resource !== "*") {
    // The resource ARN did not fit the action's resource types: evaluate against any resource instead.
    res = await runSimulation({ ...sim, request: { ...sim.request, resource: { ...sim.request.resource, resource: "*" } } }, {});
  }
  if (res.resultType === "error") {
    return {
      decision: "error",
      statement: null,
      reason: `${req.action} could not be evaluated: ${JSON.stringify(res.errors).slice(0, 300)}`,
    };
  }
  if (res.overallResult === "Allowed") return { decision: "allowed", statement: null, reason: `${LABEL[type]} allows ${req.action}` };
  const analyses = res.resultType === "single" ? [res.result.analysis] : res.results.map((r) => r.analysis);
  const denials = analyses.flatMap((a) => (a ? getDenialReasons(a) : []));
  const statement = describeDenial(denials, type);
  return {
    decision: "blocked",
    statement,
    reason: `${LABEL[type]} ${res.overallResult === "ExplicitlyDenied" ? "explicitly denies" : "does not allow"} ${req.action}`,
  };
}

function describeDenial(denials: RequestDenial[], type: PolicyType): string {
  const explicit = denials.find((d) => d.denialType === "Explicit");
  if (explicit && explicit.denialType === "Explicit") {
    return `${LABEL[type]} statement ${explicit.statementId ? `"${explicit.statementId}" ` : ""}(#${explicit.statementIndex})`;
  }
  return `no Allow statement in the ${LABEL[type]} matches`;
}
