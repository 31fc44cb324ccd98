/**
 * lib/cloudtrail — the pure CloudTrail reading layer (no database, no HTTP, no React).
 *  - readCloudTrail: any supported file layout (plain or gzip) → stream of events / quarantine / skip items
 *  - detectCloudTrailFormat: which layout a file is
 *  - normalizeRecord: one CloudTrail record → NormalizedEvent
 *  - classifyApi / RISK_CATALOG: risk of an AWS API call
 *  - aws-cli mapping: CLI service/operation ↔ CloudTrail eventSource/eventName, userAgent parsing
 */
export { readCloudTrail, CloudTrailItem, ReadCloudTrailOptions, MAX_RAW_TEXT, type ReadSummary } from "./read";
export { detectCloudTrailFormat, describeUnrecognised, CloudTrailFormat, DETECT_HEAD_BYTES } from "./detect";
export { normalizeRecord, type NormalizeResult, type NormalizeFallbacks } from "./normalize";
export { unwrapElement, lakeRowToRecord, type Unwrapped } from "./unwrap";
export { parseEventTime, epochToMs } from "./time";
export { extractPrincipal, parseAssumedRoleArn, type Principal } from "./identity";
export { extractResources, RESOURCE_ID_KEYS } from "./resources";
export { canonicalJson, contentHash, sha256Hex } from "./canonical";
export { parseJsonTolerant, escapeControlCharsInStrings, type ParseResult } from "./parse-json";
export { JsonSplitter, MAX_ELEMENT_BYTES, type SplitMode, type SplitPiece } from "./json-split";
export { LineSplitter, type LinePiece } from "./line-split";
export {
  classifyApi,
  explainApiRisk,
  serviceOf,
  stripApiVersionSuffix,
  RISK_CATALOG,
  GLOBAL_RISK_OVERRIDES,
  PATTERN_RULES,
  type RiskCatalogEntry,
  type RiskExplanation,
} from "./risk-catalog";
export {
  cliServiceToEventSource,
  cliOperationToEventName,
  cliCommandToApiCalls,
  classifyAwsCli,
  parseAwsCliUserAgent,
  stripUserAgentBrackets,
  type AwsCliUserAgent,
  type CliApiCalls,
  type CliArgs,
} from "./aws-cli";
