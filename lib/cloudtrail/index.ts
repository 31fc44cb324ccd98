/**
 * lib/cloudtrail — the pure CloudTrail reading layer (no database, no HTTP, no React).
 *  - readCloudTrail: any supported file layout (plain or gzip) → stream of events / quarantine / skip items
 *  - detectCloudTrailFormat: which layout a file is
 *  - normalizeRecord: one CloudTrail record → NormalizedEvent
 *  - classifyApi / RISK_CATALOG: risk of an AWS API call
 *  - aws-cli mapping: CLI service/operation ↔ CloudTrail eventSource/eventName, userAgent parsing
 */

export {
  type AwsCliUserAgent,
  type CliApiCalls,
  type CliArgs,
  classifyAwsCli,
  cliCommandToApiCalls,
  cliOperationToEventName,
  cliServiceToEventSource,
  parseAwsCliUserAgent,
  stripUserAgentBrackets,
} from "./aws-cli";
export { canonicalJson, contentHash, sha256Hex } from "./canonical";
export { CloudTrailFormat, DETECT_HEAD_BYTES, describeUnrecognised, detectCloudTrailFormat } from "./detect";
export { extractPrincipal, type Principal, parseAssumedRoleArn } from "./identity";
export { JsonSplitter, MAX_ELEMENT_BYTES, type SplitMode, type SplitPiece } from "./json-split";
export { type LinePiece, LineSplitter } from "./line-split";
export { type NormalizeFallbacks, type NormalizeResult, normalizeRecord } from "./normalize";
export { escapeControlCharsInStrings, type ParseResult, parseJsonTolerant } from "./parse-json";
export { CloudTrailItem, MAX_RAW_TEXT, ReadCloudTrailOptions, type ReadSummary, readCloudTrail } from "./read";
export { extractResources, RESOURCE_ID_KEYS } from "./resources";
export {
  classifyApi,
  explainApiRisk,
  GLOBAL_RISK_OVERRIDES,
  PATTERN_RULES,
  RISK_CATALOG,
  type RiskCatalogEntry,
  type RiskExplanation,
  serviceOf,
  stripApiVersionSuffix,
} from "./risk-catalog";
export { epochToMs, parseEventTime } from "./time";
export { lakeRowToRecord, type Unwrapped, unwrapElement } from "./unwrap";
