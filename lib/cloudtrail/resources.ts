import { isObject, type JsonObject, str } from "./json-util";
import { serviceOf } from "./risk-catalog";

/**
 * Identifier keys looked for in requestParameters (anywhere up to MAX_DEPTH) and at the top level of
 * responseElements (plus one wrapper object level, e.g. `role.arn`, and `instancesSet.items[].instanceId`).
 * Values are kept as given (names, ids or ARNs); S3 object keys become `bucket/key`.
 */
export const RESOURCE_ID_KEYS: ReadonlySet<string> = new Set([
  "stackName",
  "stackId",
  "stackSetName",
  "DBInstanceIdentifier",
  "dBInstanceIdentifier",
  "dBClusterIdentifier",
  "DBClusterIdentifier",
  "dBSnapshotIdentifier",
  "dBClusterSnapshotIdentifier",
  "sourceDBSnapshotIdentifier",
  "targetDBSnapshotIdentifier",
  "dBInstanceArn",
  "dBClusterArn",
  "bucketName",
  "functionName",
  "layerName",
  "instanceId",
  "instanceIds",
  "imageId",
  "snapshotId",
  "volumeId",
  "securityGroupId",
  "groupId",
  "vpcId",
  "subnetId",
  "keyName",
  "networkInterfaceId",
  "internetGatewayId",
  "clusterName",
  "cluster",
  "serviceName",
  "service",
  "nodegroupName",
  "taskDefinition",
  "tableName",
  "roleName",
  "userName",
  "policyArn",
  "groupName",
  "instanceProfileName",
  "roleArn",
  "keyId",
  "trailName",
  "logGroupName",
  "logStreamName",
  "queueUrl",
  "topicArn",
  "loadBalancerArn",
  "loadBalancerName",
  "targetGroupArn",
  "hostedZoneId",
  "secretId",
  "repositoryName",
  "detectorId",
  "stateMachineArn",
  "autoScalingGroupName",
  "organizationalUnitId",
  "accountId",
  "parameterName",
  "documentName",
  "domainName",
]);

/** `name` / `names` only identify the resource for these services. */
const NAME_KEY_SERVICES = new Set(["cloudtrail", "ssm", "ecr", "secretsmanager", "events", "glue", "states"]);

/** Keys whose value is a container of identifiers (`instancesSet.items[]`, `resourcesSet.items[]`…). */
const ITEM_ID_KEYS = new Set(["instanceId", "resourceId", "groupId", "volumeId", "snapshotId", "imageId"]);

const MAX_DEPTH = 4;
const ARN = /^arn:[\w-]+:[\w-]*:/;

class ResourceSet {
  private readonly seen = new Set<string>();
  readonly list: string[] = [];
  add(v: unknown): void {
    if (typeof v === "string") {
      const t = v.trim();
      if (t.length > 0 && t.length <= 2048 && !this.seen.has(t)) {
        this.seen.add(t);
        this.list.push(t);
      }
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === "string") this.add(x);
    }
  }
}

function isIdKey(key: string, service: string): boolean {
  if (RESOURCE_ID_KEYS.has(key)) return true;
  return (key === "name" || key === "names") && NAME_KEY_SERVICES.has(service);
}

function walkRequest(v: unknown, service: string, out: ResourceSet, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(v)) {
    for (const x of v) if (isObject(x)) walkRequest(x, service, out, depth + 1);
    return;
  }
  if (!isObject(v)) return;
  for (const [k, val] of Object.entries(v)) {
    if (k === "key" && typeof val === "string") {
      const bucket = str(v.bucketName);
      out.add(bucket ? `${bucket}/${val}` : val);
    } else if (isIdKey(k, service)) {
      out.add(val);
    } else if (depth === 0 && typeof val === "string" && ARN.test(val)) {
      out.add(val);
    }
    if (typeof val === "object" && val !== null && k !== "policyDocument" && k !== "tagSpecificationSet") {
      walkRequest(val, service, out, depth + 1);
    }
  }
}

function collectResponse(resp: unknown, service: string, out: ResourceSet): void {
  if (!isObject(resp)) return;
  for (const [k, val] of Object.entries(resp)) {
    if (isIdKey(k, service) && (typeof val === "string" || Array.isArray(val))) out.add(val);
    if (k === "instancesSet" || k === "resourcesSet") {
      const items = isObject(val) ? val.items : undefined;
      if (Array.isArray(items)) for (const it of items) if (isObject(it)) for (const ik of ITEM_ID_KEYS) out.add(it[ik]);
    } else if (isObject(val)) {
      // One wrapper level (`role`, `user`, `function`, `dBInstance`, `accessKey`…): its ARN and primary name only.
      for (const [ik, iv] of Object.entries(val)) {
        if (typeof iv !== "string") continue;
        if ((/arn$/i.test(ik) && ARN.test(iv)) || (isIdKey(ik, service) && /(Name|Identifier)$/.test(ik))) out.add(iv);
      }
    }
  }
}

const API_VERB =
  /^(Delete|Terminate|Remove|Deregister|Detach|Disable|Stop|Revoke|Purge|Cancel|Disassociate|Create|Restore|Run|Start|Put|Register|Import|Enable|Attach|Add|Associate|Modify|Update)/;
const ID_SUFFIX = new Set(["name", "names", "id", "ids", "arn", "arns", "identifier", "identifiers"]);

/**
 * The primary identifier of the API's own resource kind, for every kind without an entry in RESOURCE_ID_KEYS:
 * `DeleteDBSubnetGroup` → `dBSubnetGroupName`, `DeleteListener` → `listenerArn`, `DeleteCacheCluster` →
 * `cacheClusterId` (top-level request keys = the API's noun + Name/Id/Arn/Identifier). Not for a child resource whose
 * request also names its parent (`DeleteStage` {restApiId, stageName}): the parent stands for it.
 */
function addNounIdentifiers(req: unknown, eventName: string | null, out: ResourceSet): void {
  if (!isObject(req) || !eventName) return;
  const noun = eventName
    .replace(/\d{8}$/, "")
    .replace(API_VERB, "")
    .toLowerCase();
  if (noun.length < 3) return;
  const own: unknown[] = [];
  for (const [k, v] of Object.entries(req)) {
    const key = k.toLowerCase();
    if (key.startsWith(noun) && ID_SUFFIX.has(key.slice(noun.length))) own.push(v);
    // a child of a resource the request also names (an API Gateway stage of `restApiId`) is covered by its parent
    else if (typeof v === "string" && /(Id|Name|Arn|Identifier)$/.test(k)) return;
  }
  for (const v of own) out.add(v);
}

/**
 * Affected resources of a record, deduplicated in first-seen order: `resources[].ARN`/`ARNPrefix`, then
 * requestParameters identifiers, then responseElements identifiers.
 */
export function extractResources(record: JsonObject, eventSource: string): string[] {
  const out = new ResourceSet();
  const service = serviceOf(eventSource);
  if (Array.isArray(record.resources)) {
    for (const r of record.resources) {
      if (isObject(r)) out.add(str(r.ARN) ?? str(r.arn) ?? str(r.ARNPrefix) ?? str(r.ResourceName));
    }
  }
  walkRequest(record.requestParameters, service, out, 0);
  addNounIdentifiers(record.requestParameters, str(record.eventName), out);
  collectResponse(record.responseElements, service, out);
  return out.list;
}
