/** Parsed `--long-option` → value (true for flags), as the agent-log parser produces it. */
export type CliArgs = Readonly<Record<string, string | boolean>>;

/**
 * `aws <service>` CLI names whose CloudTrail endpoint prefix differs. Anything not listed maps to itself
 * (`ec2`, `iam`, `sts`, `kms`, `rds`, `lambda`, `ecs`, `eks`, `dynamodb`, `secretsmanager`, `ssm`, `route53`,
 * `apigateway`, `cognito-idp`, `cloudformation`, `sns`, `sqs`, `ce`, `es`, `opensearch` map to themselves).
 */
export const CLI_SERVICE_ENDPOINTS: Readonly<Record<string, string>> = {
  s3api: "s3",
  s3control: "s3",
  elbv2: "elasticloadbalancing",
  elb: "elasticloadbalancing",
  "sso-admin": "sso",
  "sso-oidc": "sso",
  identitystore: "identitystore",
  stepfunctions: "states",
  configservice: "config",
  "application-autoscaling": "application-autoscaling",
  resourcegroupstaggingapi: "tagging",
  "resource-groups": "resource-groups",
  cloudwatch: "monitoring",
  events: "events",
  "ecr-public": "ecr-public",
  "elastic-beanstalk": "elasticbeanstalk",
  elasticbeanstalk: "elasticbeanstalk",
  "ec2-instance-connect": "ec2-instance-connect",
  route53domains: "route53domains",
  apigatewayv2: "apigateway",
  apigatewaymanagementapi: "execute-api",
  "bedrock-runtime": "bedrock",
  "bedrock-agent": "bedrock",
  "bedrock-agent-runtime": "bedrock",
  "ssm-incidents": "ssm-incidents",
  "iot-data": "iotdata",
  "kinesis-video-media": "kinesisvideo",
  "cognito-identity": "cognito-identity",
  "cognito-idp": "cognito-idp",
  "lex-models": "lex",
  "lex-runtime": "lex",
  "marketplace-entitlement": "entitlement.marketplace",
  meteringmarketplace: "metering-marketplace",
  opensearchserverless: "aoss",
  sesv2: "ses",
  "timestream-write": "timestream",
  "timestream-query": "timestream",
  dynamodbstreams: "dynamodb",
  logs: "logs",
  cur: "cur",
  pricing: "pricing",
  support: "support",
  emr: "elasticmapreduce",
  efs: "elasticfilesystem",
  deploy: "codedeploy",
  cloudsearchdomain: "cloudsearch",
  kafka: "kafka",
  mq: "mq",
  glacier: "glacier",
  workmail: "workmail",
};

/**
 * Acronyms the kebab → PascalCase conversion must upper-case, per CLI service ("*" = every service).
 * Deliberately per service: EC2 says CreateVpc / AssociateIamInstanceProfile, Route 53 says AssociateVPCWithHostedZone,
 * S3 says PutBucketAcl while WAF says ListWebACLs.
 */
export const CLI_ACRONYMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "*": { db: "DB", saml: "SAML", mfa: "MFA" },
  iam: { ssh: "SSH", id: "ID", arn: "ARN", oidc: "OIDC" },
  sts: {},
  "ec2-instance-connect": { ssh: "SSH" },
  route53: { vpc: "VPC", dns: "DNS", vpcs: "VPCs" },
  wafv2: { acl: "ACL", acls: "ACLs", ip: "IP" },
  waf: { acl: "ACL", acls: "ACLs", ip: "IP" },
  guardduty: { ip: "IP" },
  kms: {},
  "sso-admin": {},
  acm: {},
  apigateway: {},
  rds: { iam: "IAM" },
  elbv2: {},
  ssm: {},
};

/** Operations whose API name no acronym rule gets right: key `"<cli service> <op>"`. */
export const CLI_OPERATION_OVERRIDES: Readonly<Record<string, string>> = {
  "iam list-open-id-connect-providers": "ListOpenIDConnectProviders",
  "iam create-open-id-connect-provider": "CreateOpenIDConnectProvider",
  "iam delete-open-id-connect-provider": "DeleteOpenIDConnectProvider",
  "lambda invoke": "Invoke",
  "cloudwatch put-metric-alarm": "PutMetricAlarm",
  "ec2 describe-ipam-pools": "DescribeIpamPools",
  "cognito-identity get-open-id-token": "GetOpenIdToken",
  "s3api list-objects-v2": "ListObjectsV2",
  "s3api put-bucket-lifecycle-configuration": "PutBucketLifecycleConfiguration",
  "route53 list-hosted-zones-by-vpc": "ListHostedZonesByVPC",
  "route53 test-dns-answer": "TestDNSAnswer",
};

export interface HighLevelCommand {
  /** Full eventSource when it differs from the CLI service's (e.g. `cloudformation package` uploads to S3). */
  eventSource?: string;
  calls: (args: CliArgs) => string[];
}

const S3_READ_OBJECT = ["GetObject", "HeadObject"];
const S3_WRITE_OBJECT = ["PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "CopyObject"];
const S3_LIST = ["ListObjectsV2", "ListObjects"];

/** CLI customisations that are not one API call: key `"<cli service> <op>"`. */
export const CLI_HIGH_LEVEL_COMMANDS: Readonly<Record<string, HighLevelCommand>> = {
  "s3 ls": { calls: () => ["ListBuckets", ...S3_LIST] },
  "s3 mb": { calls: () => ["CreateBucket"] },
  "s3 rb": { calls: (a) => (a.force ? [...S3_LIST, "DeleteObject", "DeleteObjects", "DeleteBucket"] : ["DeleteBucket"]) },
  "s3 rm": { calls: (a) => (a.recursive ? [...S3_LIST, "DeleteObject", "DeleteObjects"] : ["DeleteObject"]) },
  "s3 cp": { calls: () => [...S3_WRITE_OBJECT, ...S3_READ_OBJECT] },
  "s3 mv": { calls: () => [...S3_WRITE_OBJECT, ...S3_READ_OBJECT, "DeleteObject"] },
  "s3 sync": { calls: (a) => [...S3_LIST, ...S3_WRITE_OBJECT, ...S3_READ_OBJECT, ...(a.delete ? ["DeleteObject", "DeleteObjects"] : [])] },
  "s3 presign": { calls: () => [] },
  "s3 website": { calls: () => ["PutBucketWebsite"] },
  "cloudformation deploy": { calls: () => ["DescribeStacks", "CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet"] },
  "cloudformation package": { eventSource: "s3.amazonaws.com", calls: () => ["PutObject", "HeadObject"] },
  "eks update-kubeconfig": { calls: () => ["DescribeCluster"] },
  "eks get-token": { calls: () => [] },
  "ecr get-login-password": { calls: () => ["GetAuthorizationToken"] },
  "ecr get-login": { calls: () => ["GetAuthorizationToken"] },
  "logs tail": { calls: () => ["FilterLogEvents"] },
  "rds generate-db-auth-token": { calls: () => [] },
  "configure list": { calls: () => [] },
  "configure get": { calls: () => [] },
  "configure set": { calls: () => [] },
  "configure sso": { calls: () => [] },
  "sso login": { eventSource: "sso.amazonaws.com", calls: () => ["CreateToken"] },
  "sso logout": { eventSource: "sso.amazonaws.com", calls: () => ["Logout"] },
  "ssm start-session": { calls: () => ["StartSession"] },
  "deploy push": { eventSource: "s3.amazonaws.com", calls: () => ["PutObject"] },
};
