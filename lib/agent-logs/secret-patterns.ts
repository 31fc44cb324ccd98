/**
 * Secret patterns for redaction. Each regex must match as `(?<pre>…)?(?<secret>…)(?<post>…)?`: only `secret` is
 * replaced, the context around it is kept. Patterns are modelled on the public rule sets of gitleaks
 * (config/gitleaks.toml, MIT) and secretlint (@secretlint/secretlint-rule-*, MIT); the source of each family is named.
 * secretlint's rules keep their regexes inside async rule closures, so they are not reusable here.
 */
export interface SecretPattern {
  kind: string;
  re: RegExp;
}

/** Key names whose value is a secret (end-anchored, so `max_tokens`, `token_count`, `--secret-id` are not). */
export const SECRET_KEY_NAME =
  /(?:password|passwd|passphrase|secret|client_?secret|secret_?key|token|auth_?token|access_?token|refresh_?token|api_?key|apikey|access_?key|private_?key|credentials?)$/i;

/** Values that are obviously placeholders or already redacted: left alone and not counted. */
export function isPlaceholder(v: string): boolean {
  const t = v.replace(/^["']|["']$/g, "").trim();
  return (
    t.length < 3 ||
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(t) ||
    /^<[^>]*>$/.test(t) ||
    /^\*+$/.test(t) ||
    /^x{3,}$/i.test(t) ||
    /^\[REDACTED/.test(t) ||
    /^(true|false|null|none|undefined|changeme|example|your[-_a-z]*)$/i.test(t)
  );
}

const KEYWORD =
  "[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|secret|secret_?key|token|api_?key|apikey|access_?key|private_?key|credentials?)";

export const SECRET_PATTERNS: SecretPattern[] = [
  // gitleaks `private-key`; secretlint-rule-privatekey. An unterminated block (truncated output) is redacted to its end.
  {
    kind: "private-key",
    re: /(?<secret>-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,20000}?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$))/g,
  },
  // gitleaks `aws-access-token` and secretlint-rule-aws AWSAccessKeyID (AKIA/ASIA/ABIA/ACCA/A3T + 16 chars, secretlint's [A-Z0-9] so doc examples match).
  // Unique ids of users/roles (AIDA…, AROA…) are identifiers, not credentials, and are kept for correlation.
  { kind: "aws-access-key-id", re: /(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])/g },
  // secretlint-rule-aws AWSSecretAccessKey: 40 chars of base64 after a secret-access-key name.
  {
    kind: "aws-secret-access-key",
    re: /(?<pre>(?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?|SecretAccessKey["']?\s*[:=]\s*["']?)(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
  },
  // AWS session tokens (`AWS_SESSION_TOKEN=`, sts output `"SessionToken": "…"`, `aws_security_token`).
  {
    kind: "aws-session-token",
    re: /(?<pre>(?:aws_?)?(?:session|security)_?token["']?\s*[:=]\s*["']?)(?<secret>[A-Za-z0-9/+=]{16,})/gi,
  },
  // gitleaks `github-pat`, `github-oauth`, `github-app-token`, `github-refresh-token`, `github-fine-grained-pat`.
  {
    kind: "github-token",
    re: /(?<![A-Za-z0-9_])(?<secret>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  // gitleaks `gitlab-pat` (glpat-) and friends.
  { kind: "gitlab-token", re: /(?<![A-Za-z0-9_-])(?<secret>gl(?:pat|dt|rt|ptt|oas)-[A-Za-z0-9_-]{20,})/g },
  // gitleaks `slack-bot-token`, `slack-user-token`, `slack-app-token`, `slack-legacy-*`.
  { kind: "slack-token", re: /(?<![A-Za-z0-9])(?<secret>xox[abeoprs]-[A-Za-z0-9-]{10,})/g },
  // gitleaks `slack-webhook-url`.
  { kind: "slack-webhook", re: /(?<pre>https?:\/\/hooks\.slack\.com\/)(?<secret>(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,})/g },
  // gitleaks `anthropic-api-key`, `openai-api-key` (sk-… / sk-proj-…), `stripe-access-token`.
  { kind: "anthropic-key", re: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20,})/g },
  {
    kind: "openai-key",
    re: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|sk-proj-[A-Za-z0-9_-]{40,})/g,
  },
  { kind: "stripe-key", re: /(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})/g },
  // gitleaks `npm-access-token`, `gcp-api-key`.
  { kind: "npm-token", re: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/g },
  { kind: "gcp-api-key", re: /(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g },
  // Aftermath's own API tokens (lib/auth/tokens/format.ts): aft_ + 49 base62 characters.
  { kind: "aftermath-token", re: /(?<![A-Za-z0-9_])(?<secret>aft_[0-9A-Za-z]{49})(?![A-Za-z0-9])/g },
  // gitleaks `jwt`.
  { kind: "jwt", re: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})/g },
  // gitleaks `authorization-header` style: bearer and basic credentials.
  { kind: "bearer-token", re: /(?<pre>\bBearer\s+)(?<secret>[A-Za-z0-9._~+/-]{16,}=*)/gi },
  { kind: "basic-auth", re: /(?<pre>\bAuthorization["']?\s*[:=]\s*["']?Basic\s+)(?<secret>[A-Za-z0-9+/]{8,}=*)/gi },
  // secretlint-rule-basicauth / database-connection-string: `scheme://user:password@host`.
  { kind: "url-password", re: /(?<pre>\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"]{1,200}:)(?<secret>[^\s@/'"]{1,200})(?<post>@)/gi },
  // CLI flags that take a secret: `--master-user-password X`, `--password=X`, `--api-key X` (not `--secret-id`, `--password-stdin`).
  {
    kind: "cli-secret-flag",
    re: /(?<pre>(?<![A-Za-z0-9-])--?[A-Za-z0-9-]*?(?:password|passwd|secret|token|api-key|apikey)(?:=|[ \t]+))(?<secret>"[^"\n]*"|'[^'\n]*'|[^\s'"-][^\s'"]*)/gi,
  },
  // secretlint-rule-no-dotenv / gitleaks `generic-api-key`: `.env` / shell / ini assignments `NAME_PASSWORD=value`.
  {
    kind: "secret-assignment",
    re: new RegExp(String.raw`(?<pre>(?<![A-Za-z0-9_.-])${KEYWORD}[ \t]*=[ \t]*)(?<secret>"[^"\n]*"|'[^'\n]*'|[^\s'"&;|)]+)`, "gi"),
  },
  // JSON / YAML keys: `"password": "…"`, `api_key: …`.
  {
    kind: "secret-field",
    re: new RegExp(
      String.raw`(?<pre>(?:"${KEYWORD}"|'${KEYWORD}'|^[ \t]*${KEYWORD})[ \t]*:[ \t]*)(?<secret>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,'"{}\[\]][^\n,}]*)`,
      "gim",
    ),
  },
];
