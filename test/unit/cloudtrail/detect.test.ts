import { describe, expect, it } from "vitest";
import { describeUnrecognised, detectCloudTrailFormat } from "@/lib/cloudtrail";
import { corpus } from "./helpers";

const head = (rel: string) =>
  corpus(rel)
    .subarray(0, 64 * 1024)
    .toString("utf8");

describe("detectCloudTrailFormat on real files", () => {
  it.each([
    ["awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.01.amazon-ec2-log-examples.json", "cloudtrail-records"],
    ["stratus-red-team/detonation-logs/aws.defense-evasion.cloudtrail-stop.json", "cloudtrail-array"],
    ["elastic-integrations/test-console-login-json.log", "cloudtrail-jsonl"],
    ["panther-analysis/aws_cloudtrail_rule_tests.extracted.jsonl", "cloudtrail-jsonl"],
    [
      "awsdocs-cloudtrail-user-guide/cloudtrail-event-reference-aws-console-sign-in-events.02.iam-user-successful-sign-in-with-mfa.json",
      "cloudtrail-record",
    ],
    ["aws-cli/lookup-events.example-output.json", "lookup-events"],
    ["awsdocs-cloudtrail-user-guide/view-insights-events-cli.01.looking-up-insights-events.json", "lookup-events"],
    ["awsdocs-cloudtrail-user-guide/view-cloudtrail-events-cli.01.looking-up-events.invalid-json.txt", "lookup-events"],
    ["awsdocs-step-functions-developer-guide/tutorial-cloudwatch-events-s3.eventbridge-putobject.json", "eventbridge"],
    [
      "awsdocs-cloudtrail-user-guide/query-lake-examples.02.example-find-all-apis-that-a-user-called-on-january-22-2023.json",
      "cloudtrail-lake",
    ],
    ["elastic-integrations/test-cloudtrail-digest-json.log", "cloudtrail-digest"],
    ["cloudtrail2sightings/aws.execution.ec2-user-data.json", "cloudtrail-records"],
  ])("%s → %s", (rel, format) => {
    expect(detectCloudTrailFormat(head(rel), rel.split("/").pop() ?? rel)).toBe(format);
  });

  it("YAML scenario files are not a CloudTrail format, with a clear reason", () => {
    const rel = "panther-analysis/test_scenarios/compromised-root-creds/victim_cloudtrail.yml";
    expect(detectCloudTrailFormat(head(rel), "victim_cloudtrail.yml")).toBeNull();
    expect(describeUnrecognised(head(rel), "victim_cloudtrail.yml")).toMatch(/^unrecognised format: YAML/);
  });
});

describe("detectCloudTrailFormat on synthetic heads", () => {
  it.each([
    ['{"Records":[]}', "cloudtrail-records"],
    ["[]", "cloudtrail-array"],
    ['  [ {"eventName":"X"', "cloudtrail-array"],
    ['[{"version":"0","detail-type":"AWS API Call via CloudTrail","detail":{}}]', "eventbridge"],
    ['{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","detail":{}}\n{"version":"0"', "eventbridge"],
    ['{"eventName":"A","eventTime":"t"}\n{"eventName":"B"}\n', "cloudtrail-jsonl"],
    ['{"rule_id":"r","log":{"eventName":"A"}}\n', "cloudtrail-jsonl"],
    ['{\n  "eventName": "A"\n}\n', "cloudtrail-record"],
    ['{"NextToken":"x","Events":[', "lookup-events"],
    ['{"QueryStatus":"FINISHED","QueryResultRows":[[', "cloudtrail-lake"],
    ['{"awsAccountId":"1","digestStartTime":"2020-09-11T18:36:49Z"', "cloudtrail-digest"],
    ['\uFEFF{"Records":[', "cloudtrail-records"],
    ['{"hello":"world"}', null],
    ["[1,2,3]", null],
    ["not json", null],
    ["", null],
  ])("%j → %s", (text, format) => {
    expect(detectCloudTrailFormat(text, "input")).toBe(format);
  });

  it("uses .jsonl / .ndjson file names for single-line records", () => {
    expect(detectCloudTrailFormat('{"eventName":"A"}', "events.ndjson")).toBe("cloudtrail-jsonl");
  });
});
