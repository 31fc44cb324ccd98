import { describe, expect, it } from "vitest";
import { redactDeep, redactSecrets } from "@/lib/agent-logs/redact";

const MUST_CATCH: [string, string, string][] = [
  ["aws-access-key-id", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"],
  ["aws-access-key-id", "creds: ASIAY34FZKBOKMUTVV7A used", "ASIAY34FZKBOKMUTVV7A"],
  ["aws-secret-access-key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
  [
    "aws-secret-access-key",
    '{"AccessKeyId": "ASIAY34FZKBOKMUTVV7A", "SecretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"}',
    "je7MtGbClwBF",
  ],
  ["aws-session-token", '"SessionToken": "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD"', "IQoJb3JpZ2luX2VjEJr"],
  ["aws-session-token", "AWS_SESSION_TOKEN=FwoGZXIvYXdzEBYaDHhBV0xUUk5hb3VxZ1R3d0Rr", "FwoGZXIvYXdzEBYaDHhBV0xUUk5hb3VxZ1R3d0Rr"],
  ["github-token", "git clone https://ghp_1234567890abcdefghijklmnopqrstuvwxyzAB@github.com/o/r", "ghp_1234567890"],
  ["github-token", "GH=gho_16C7e42F292c6912E7710c838347Ae178B4a and ghs_16C7e42F292c6912E7710c838347Ae178B4a", "gho_16C7e42F"],
  ["github-token", "token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV", "github_pat_11ABCDEFG"],
  ["gitlab-token", "GITLAB_TOKEN=glpat-aBcD3fGh1jKlMn0pQrSt", "glpat-aBcD3fGh1jKlMn0pQrSt"],
  ["slack-token", "SLACK_BOT=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxb-123456789012"],
  [
    "slack-webhook",
    "curl -X POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX -d x",
    "T00000000/B00000000",
  ],
  [
    "private-key",
    "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\ndone",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
  ],
  [
    "bearer-token",
    "curl -H 'Authorization: Bearer 8f3b2a1c9d7e6f5a4b3c2d1e0f9a8b7c' https://api.example.com",
    "8f3b2a1c9d7e6f5a4b3c2d1e0f9a8b7c",
  ],
  ["url-password", "psql postgres://admin:S3cr3tPassw0rd@db.internal:5432/app", "S3cr3tPassw0rd"],
  ["secret-assignment", "DB_PASSWORD=hunter2!x\nAPI_KEY='abc123def456'", "hunter2!x"],
  ["secret-assignment", "export stripe_secret=whsec_9a8b7c6d5e", "whsec_9a8b7c6d5e"],
  ["secret-field", 'config {"password": "p@ss w0rd", "user": "bob"}', "p@ss w0rd"],
  ["cli-secret-flag", "aws rds create-db-instance --master-user-password Sup3rS3cret --db-instance-identifier x", "Sup3rS3cret"],
  ["anthropic-key", "ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789", "sk-ant-api03"],
];

const MUST_KEEP = [
  "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 (HEAD -> main)",
  "RequestId: 4f1a9b7c-2d3e-4f5a-8b9c-0d1e2f3a4b5c",
  "arn:aws:iam::123456789012:role/AdminRole in account 123456789012",
  "arn:aws:sts::123456789012:assumed-role/AdminRole/dev-session",
  "UserId AROAEXAMPLEROLEID1234:dev-session AIDAJQABLZS4A3QDU576Q",
  "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBzZWNyZXQgYXQgYWxs",
  "The password must be at least 12 characters; reset your password in settings.",
  'max_tokens=4096 input_tokens: 120, token_count=5, "cache_read_input_tokens": 30',
  "aws secretsmanager get-secret-value --secret-id prod/db --query SecretString",
  "docker login --password-stdin -u AWS",
  "PWD=/home/dev OLDPWD=/tmp",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable reference, the literal text the redactor must leave alone
  "SECRET=$DB_SECRET and TOKEN=${GITHUB_TOKEN} and PASSWORD=<your-password>",
  "https://example.com:8080/path@v2 and git@github.com:org/repo.git",
  "sha256:3f2b9c1e8d7a4e6f9b0c1a2b3c4d5e6f3f2b9c1e8d7a4e6f9b0c1a2b3c4d5e6f",
];

describe("redactSecrets", () => {
  it.each(MUST_CATCH)("catches %s in %j", (kind, text, secretPart) => {
    const r = redactSecrets(text);
    expect(r.count).toBeGreaterThan(0);
    expect(r.text).toContain(`[REDACTED:${kind}]`);
    expect(r.text).not.toContain(secretPart);
  });

  it("keeps the text around a secret", () => {
    const r = redactSecrets("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE && aws s3 ls");
    expect(r.text).toBe("export AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id] && aws s3 ls");
    expect(r.count).toBe(1);
  });

  it("redacts the AWS documentation example key too", () => {
    expect(redactSecrets("AKIAIOSFODNN7EXAMPLE").text).toBe("[REDACTED:aws-access-key-id]");
  });

  it("counts each secret", () => {
    expect(redactSecrets("a=AKIAIOSFODNN7EXAMPLE b=AKIAI44QH8DHBEXAMPLE").count).toBe(2);
  });

  it.each(MUST_KEEP)("does not over-redact %j", (text) => {
    const r = redactSecrets(text);
    expect(r.text).toBe(text);
    expect(r.count).toBe(0);
  });

  it("redacts an unterminated private key block to its end", () => {
    const r = redactSecrets("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC…[truncated]");
    expect(r.text).toBe("[REDACTED:private-key]");
  });
});

describe("redactDeep", () => {
  it("redacts string leaves and secret-named keys without breaking JSON", () => {
    const value = {
      command: "curl -H 'Authorization: Bearer 8f3b2a1c9d7e6f5a4b3c2d1e0f9a8b7c' x",
      env: { AWS_SECRET_ACCESS_KEY: "anything-here-at-all", AWS_REGION: "us-east-1", max_tokens: "4096" },
      list: ["ok", "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB"],
      n: 3,
      nested: { password: "swordfish", passwordHint: "a fish" },
    };
    const r = redactDeep(value);
    const out = r.value as typeof value;
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(out.command).toContain("[REDACTED:bearer-token]");
    expect(out.env.AWS_SECRET_ACCESS_KEY).toBe("[REDACTED:secret-field]");
    expect(out.env.AWS_REGION).toBe("us-east-1");
    expect(out.env.max_tokens).toBe("4096");
    expect(out.list).toEqual(["ok", "[REDACTED:github-token]"]);
    expect(out.nested).toEqual({ password: "[REDACTED:secret-field]", passwordHint: "a fish" });
    expect(out.n).toBe(3);
    expect(r.count).toBe(4);
  });
});
