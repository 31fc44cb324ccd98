/** The demo's account, people, roles and clients. All ARNs are in the aws-cn partition (cn-north-1). */

export const DEMO_ACCOUNT = "417382950164";
export const DEMO_REGION = "cn-north-1";
export const DEMO_PARTITION = "aws-cn";
/** The demo day (UTC). */
export const DEMO_DAY = Date.UTC(2025, 11, 9);

export const STACK = "cost-insights-prod";
export const STACK_ID = `arn:aws-cn:cloudformation:${DEMO_REGION}:${DEMO_ACCOUNT}:stack/${STACK}/5b0e8c9a-3f1d-4a6e-9c2b-7d4f1e8a0c35`;
export const NEW_STACK_ID = `arn:aws-cn:cloudformation:${DEMO_REGION}:${DEMO_ACCOUNT}:stack/${STACK}/c81f2d47-90ab-4e3c-8d15-2a6b9f0e4c71`;
export const API_FN = "cost-insights-api-prod";
export const FORECAST_FN = "cost-insights-forecast-prod";
export const TABLE = "cost-insights-usage-prod";
export const LAMBDA_ROLE = "cost-insights-lambda-role-prod";
export const REST_API_ID = "k7x2m9q4w1";
export const NEW_REST_API_ID = "p3v8c1n6z5";
export const REPORTING_DB = "cost-insights-reporting-prod";

export interface Actor {
  type: "AssumedRole" | "AWSService";
  arn: string | null;
  principalId: string;
  roleArn: string | null;
  roleId: string | null;
  roleName: string | null;
  sessionName: string | null;
  /** The person, for SSO sessions. */
  human: string | null;
  mfa: boolean;
  userAgent: string;
  sourceIp: string;
  console: boolean;
  /** For AWSService actors: the service host. */
  invokedBy: string | null;
  /** When this principal's credentials were issued (SSO logins), ascending; else an hourly rotation is assumed. */
  credentialsIssued?: number[];
}

const SSO_PATH = `aws-reserved/sso.amazonaws.com/${DEMO_REGION}`;
const day = (h: number, m: number, s: number) => DEMO_DAY + ((h * 60 + m) * 60 + s) * 1000;

function role(name: string, roleId: string, session: string, p: Partial<Actor> & Pick<Actor, "userAgent" | "sourceIp">, path = ""): Actor {
  return {
    type: "AssumedRole",
    arn: `arn:aws-cn:sts::${DEMO_ACCOUNT}:assumed-role/${name}/${session}`,
    principalId: `${roleId}:${session}`,
    roleArn: `arn:aws-cn:iam::${DEMO_ACCOUNT}:role/${path ? `${path}/` : ""}${name}`,
    roleId,
    roleName: name,
    sessionName: session,
    human: null,
    mfa: false,
    console: false,
    invokedBy: null,
    ...p,
  };
}

export const UA = {
  cliMac: (cmd: string) =>
    `aws-cli/2.22.13 md/awscrt#0.23.4 ua/2.1 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#${cmd}`,
  cliLinux: (cmd: string) =>
    `aws-cli/2.22.13 md/awscrt#0.23.4 ua/2.1 os/linux#6.8.0-1019-aws md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#${cmd}`,
  browser: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  browserWin:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
  consoleInternal: "AWS Internal",
  terraform:
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64",
  boto3Fargate:
    "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.35.76",
  goCanary:
    "aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 exec-env/AWS_Lambda_provided.al2023 api/lambda#1.69.0",
  javaDatadog:
    "aws-sdk-java/2.29.29 Linux/5.10.228-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS Java/17.0.13 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/adaptive",
  nodeWorker: "aws-sdk-js/3.709.0 ua/2.1 os/linux#5.10.228 lang/js md/nodejs#20.18.1 exec-env/AWS_Lambda_nodejs20.x api/ssm#3.709.0",
  cloudformation: "cloudformation.amazonaws.com",
} as const;

const ADMIN_SSO = "AWSReservedSSO_AdministratorAccess_5c7e2a91d3f04b68";
const POWER_SSO = "AWSReservedSSO_PowerUserAccess_9b1d4e2c7a6f3058";
const READONLY_SSO = "AWSReservedSSO_ReadOnlyAccess_e40a7c6b25d1f893";

/** The engineer whose inherited admin SSO session the agent ran on. */
export const ENGINEER = "chen.wei@example.com";
export const ONCALL = "liu.yang@example.com";

export const ACTORS = {
  /** The agent's calls: the engineer's SSO admin session, CLI on a laptop. */
  agent: role(
    ADMIN_SSO,
    "AROAWB3XK5Q7MZ2EXAMPL",
    ENGINEER,
    {
      human: ENGINEER,
      userAgent: UA.cliMac("sts.get-caller-identity"),
      sourceIp: "203.0.113.42",
      credentialsIssued: [day(1, 41, 37), day(3, 4, 55)],
    },
    SSO_PATH,
  ),
  /** The on-call engineer (same permission set, their own login): console. */
  oncallConsole: role(
    ADMIN_SSO,
    "AROAWB3XK5Q7MZ2EXAMPL",
    ONCALL,
    { human: ONCALL, userAgent: UA.browserWin, sourceIp: "198.51.100.23", console: true, credentialsIssued: [day(2, 41, 12)] },
    SSO_PATH,
  ),
  oncallCli: role(
    ADMIN_SSO,
    "AROAWB3XK5Q7MZ2EXAMPL",
    ONCALL,
    {
      human: ONCALL,
      userAgent: UA.cliLinux("cloudformation.create-stack"),
      sourceIp: "198.51.100.23",
      credentialsIssued: [day(5, 30, 2), day(14, 58, 40)],
    },
    SSO_PATH,
  ),
  /** A platform engineer doing unrelated cleanup in the console. */
  zhao: role(
    POWER_SSO,
    "AROAWB3XK5Q7PW9EXAMPL",
    "zhao.min@example.com",
    { human: "zhao.min@example.com", userAgent: UA.browser, sourceIp: "198.51.100.88", console: true },
    SSO_PATH,
  ),
  /** A finance analyst browsing billing pages. */
  sun: role(
    READONLY_SSO,
    "AROAWB3XK5Q7RD4EXAMPL",
    "sun.li@example.com",
    { human: "sun.li@example.com", userAgent: UA.browser, sourceIp: "192.0.2.57", console: true },
    SSO_PATH,
  ),
  ci: (run: string) =>
    role("github-actions-deploy", "AROAWB3XK5Q7GHAEXAMPL", `GitHubActions-${run}`, { userAgent: UA.terraform, sourceIp: "52.80.14.203" }),
  datadog: role("datadog-integration", "AROAWB3XK5Q7DDGEXAMPL", "DatadogAWSIntegration", {
    userAgent: UA.javaDatadog,
    sourceIp: "52.80.77.19",
  }),
  ingest: role("cost-insights-ingest-task", "AROAWB3XK5Q7ING3XAMPL", "3f9c2a7d41e84b6c9a0d5e1f2b7c8d90", {
    userAgent: UA.boto3Fargate,
    sourceIp: "52.80.101.44",
  }),
  canary: role("cost-insights-canary", "AROAWB3XK5Q7CNRYXAMPL", "cost-insights-canary", {
    userAgent: UA.goCanary,
    sourceIp: "52.80.63.150",
  }),
  exportWorker: role("billing-export-worker-role", "AROAWB3XK5Q7BEWXXAMPL", "billing-export-worker", {
    userAgent: UA.nodeWorker,
    sourceIp: "52.80.88.7",
  }),
  service: (host: string): Actor => ({
    type: "AWSService",
    arn: null,
    principalId: "",
    roleArn: null,
    roleId: null,
    roleName: null,
    sessionName: null,
    human: null,
    mfa: false,
    userAgent: host,
    sourceIp: host,
    console: false,
    invokedBy: host,
  }),
} as const;
