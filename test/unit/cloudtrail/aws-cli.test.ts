import { describe, expect, it } from "vitest";
import {
  classifyAwsCli,
  cliCommandToApiCalls,
  cliOperationToEventName,
  cliServiceToEventSource,
  parseAwsCliUserAgent,
} from "@/lib/cloudtrail";
import { corpus, readAll } from "./helpers";

describe("cliServiceToEventSource", () => {
  it.each([
    ["s3api", "s3.amazonaws.com"],
    ["s3", "s3.amazonaws.com"],
    ["cloudformation", "cloudformation.amazonaws.com"],
    ["logs", "logs.amazonaws.com"],
    ["elbv2", "elasticloadbalancing.amazonaws.com"],
    ["elb", "elasticloadbalancing.amazonaws.com"],
    ["ce", "ce.amazonaws.com"],
    ["sso-admin", "sso.amazonaws.com"],
    ["stepfunctions", "states.amazonaws.com"],
    ["es", "es.amazonaws.com"],
    ["opensearch", "opensearch.amazonaws.com"],
    ["iam", "iam.amazonaws.com"],
    ["sts", "sts.amazonaws.com"],
    ["configservice", "config.amazonaws.com"],
    ["application-autoscaling", "application-autoscaling.amazonaws.com"],
    ["resourcegroupstaggingapi", "tagging.amazonaws.com"],
    ["cognito-idp", "cognito-idp.amazonaws.com"],
    ["apigateway", "apigateway.amazonaws.com"],
    ["route53", "route53.amazonaws.com"],
    ["kms", "kms.amazonaws.com"],
    ["eks", "eks.amazonaws.com"],
    ["ecs", "ecs.amazonaws.com"],
    ["rds", "rds.amazonaws.com"],
    ["lambda", "lambda.amazonaws.com"],
    ["ec2", "ec2.amazonaws.com"],
    ["dynamodb", "dynamodb.amazonaws.com"],
    ["secretsmanager", "secretsmanager.amazonaws.com"],
    ["ssm", "ssm.amazonaws.com"],
    ["cloudwatch", "monitoring.amazonaws.com"],
    ["EC2", "ec2.amazonaws.com"],
  ])("aws %s → %s", (svc, source) => {
    expect(cliServiceToEventSource(svc)).toBe(source);
  });
});

describe("cliOperationToEventName", () => {
  it.each([
    ["cloudformation", "delete-stack", "DeleteStack"],
    ["rds", "delete-db-instance", "DeleteDBInstance"],
    ["rds", "describe-db-instances", "DescribeDBInstances"],
    ["rds", "modify-db-snapshot-attribute", "ModifyDBSnapshotAttribute"],
    ["sts", "get-caller-identity", "GetCallerIdentity"],
    ["sts", "assume-role-with-saml", "AssumeRoleWithSAML"],
    ["iam", "create-saml-provider", "CreateSAMLProvider"],
    ["iam", "list-mfa-devices", "ListMFADevices"],
    ["iam", "upload-ssh-public-key", "UploadSSHPublicKey"],
    ["iam", "create-open-id-connect-provider", "CreateOpenIDConnectProvider"],
    ["ec2", "create-vpc", "CreateVpc"],
    ["ec2", "associate-iam-instance-profile", "AssociateIamInstanceProfile"],
    ["ec2", "create-network-acl", "CreateNetworkAcl"],
    ["ec2-instance-connect", "send-ssh-public-key", "SendSSHPublicKey"],
    ["route53", "associate-vpc-with-hosted-zone", "AssociateVPCWithHostedZone"],
    ["s3api", "put-bucket-acl", "PutBucketAcl"],
    ["s3api", "list-objects-v2", "ListObjectsV2"],
    ["wafv2", "list-web-acls", "ListWebACLs"],
    ["kms", "schedule-key-deletion", "ScheduleKeyDeletion"],
  ])("%s %s → %s", (svc, op, name) => {
    expect(cliOperationToEventName(op, svc)).toBe(name);
  });

  it("works without a service for the common cases", () => {
    expect(cliOperationToEventName("delete-db-instance")).toBe("DeleteDBInstance");
    expect(cliOperationToEventName("get-caller-identity")).toBe("GetCallerIdentity");
  });
});

describe("cliCommandToApiCalls / classifyAwsCli", () => {
  it("maps s3 high-level commands to their API calls", () => {
    expect(cliCommandToApiCalls("s3", "rb")).toEqual({ eventSource: "s3.amazonaws.com", eventNames: ["DeleteBucket"] });
    expect(cliCommandToApiCalls("s3", "mb").eventNames).toEqual(["CreateBucket"]);
    expect(cliCommandToApiCalls("s3", "rm").eventNames).toEqual(["DeleteObject"]);
    expect(cliCommandToApiCalls("s3", "rm", { recursive: true }).eventNames).toEqual(
      expect.arrayContaining(["DeleteObject", "DeleteObjects", "ListObjectsV2"]),
    );
    expect(cliCommandToApiCalls("s3", "cp").eventNames).toContain("PutObject");
    expect(cliCommandToApiCalls("s3", "sync").eventNames).not.toContain("DeleteObject");
    expect(cliCommandToApiCalls("s3", "sync", { delete: true }).eventNames).toContain("DeleteObject");
    expect(cliCommandToApiCalls("s3", "presign").eventNames).toEqual([]);
  });

  it("maps ordinary commands to one API", () => {
    expect(cliCommandToApiCalls("elbv2", "delete-load-balancer")).toEqual({
      eventSource: "elasticloadbalancing.amazonaws.com",
      eventNames: ["DeleteLoadBalancer"],
    });
  });

  it.each([
    ["s3", "rb", {}, "destructive"],
    ["s3", "rm", {}, "destructive"],
    ["s3", "cp", {}, "write"],
    ["s3", "ls", {}, "read"],
    ["s3", "sync", {}, "write"],
    ["s3", "sync", { delete: true }, "destructive"],
    ["cloudformation", "delete-stack", {}, "destructive"],
    ["rds", "delete-db-instance", {}, "destructive"],
    ["sts", "get-caller-identity", {}, "read"],
    ["sts", "assume-role", {}, "privilege"],
    ["iam", "attach-role-policy", {}, "privilege"],
    ["ec2", "describe-instances", {}, "read"],
    ["ec2", "run-instances", {}, "write"],
    ["ec2", "wait", {}, "read"],
  ] as const)("aws %s %s %j → %s", (svc, op, args, risk) => {
    expect(classifyAwsCli(svc, op, args)).toBe(risk);
  });
});

describe("parseAwsCliUserAgent", () => {
  it("reads aws-cli v2 metadata from a real userAgent (md/command#rds.delete-db-instance)", async () => {
    const r = await readAll(corpus("elastic-integrations/test-delete-db-instance-json.log"), "test-delete-db-instance-json.log");
    const ua = r.events[0].event.userAgent ?? "";
    expect(parseAwsCliUserAgent(ua)).toEqual({
      cliVersion: "2.17.60",
      command: { service: "rds", operation: "delete-db-instance" },
      appId: null,
      execEnv: "grimoire_a8d22859-b414-4964-b4ca-4cd40b399170",
      isTerraform: false,
      isSdk: false,
    });
  });

  it("tolerates bracket-wrapped aws-cli v1 userAgents", () => {
    const p = parseAwsCliUserAgent("[aws-cli/1.11.10 Python/2.7.8 Linux/3.2.45-0.6.wd.865.49.315.metal1.x86_64 botocore/1.4.67]");
    expect(p).toMatchObject({ cliVersion: "1.11.10", command: null, isSdk: false, isTerraform: false });
  });

  it("reads the older `command/` form and exec-env", () => {
    const p = parseAwsCliUserAgent(
      "aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/ec2.stop-instances",
    );
    expect(p).toMatchObject({ cliVersion: "2.13.5", command: { service: "ec2", operation: "stop-instances" }, execEnv: "CloudShell" });
  });

  it("reads app/<id>", () => {
    const p = parseAwsCliUserAgent(
      "aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6 app/claude-code-session-42 md/command#s3.rb",
    );
    expect(p).toMatchObject({ appId: "claude-code-session-42", command: { service: "s3", operation: "rb" } });
  });

  it("recognises Terraform and SDKs", () => {
    const tf = parseAwsCliUserAgent(
      "APN/1.0 HashiCorp/1.0 Terraform/1.11.0 (+https://www.terraform.io) terraform-provider-aws/4.61.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.232 (go1.19.7; linux; amd64)",
    );
    expect(tf).toMatchObject({ isTerraform: true, isSdk: true, cliVersion: null });
    expect(parseAwsCliUserAgent("Boto3/1.26.0").isSdk).toBe(true);
    expect(parseAwsCliUserAgent("aws-sdk-go-v2/1.32.3 os/linux lang/go#1.23.1 exec-env/grimoire_x api/sts#1.26.2")).toMatchObject({
      isSdk: true,
      execEnv: "grimoire_x",
    });
    expect(parseAwsCliUserAgent("console.amazonaws.com")).toMatchObject({
      isSdk: false,
      isTerraform: false,
      cliVersion: null,
      command: null,
    });
  });
});
