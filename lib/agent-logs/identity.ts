import type { AwsIdentity, ParsedCommand } from "@/lib/model/agent";

export interface IdentityInputAction {
  key: string;
  commands: ParsedCommand[];
  output: string | null;
  env: Record<string, string> | null;
}

const ASSUMED_ROLE_ARN = /\barn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)/;
const ANY_PRINCIPAL_ARN = /\barn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:user|role|assumed-role|federated-user|root)[\w+=,.@/-]*/;

/** Builds the session's AWS identity from what its log shows; null when the log shows nothing. */
export class IdentityCollector {
  private id: AwsIdentity = {
    principalArn: null,
    accountId: null,
    roleArn: null,
    sessionName: null,
    sourceIdentity: null,
    profile: null,
    region: null,
    appId: null,
    evidence: [],
  };

  stated(partial: Partial<AwsIdentity> | null, source: string): void {
    if (!partial) return;
    for (const k of ["principalArn", "accountId", "roleArn", "sessionName", "sourceIdentity", "profile", "region", "appId"] as const) {
      const v = partial[k];
      if (typeof v === "string" && v) this.set(k, v, `${k} from ${source}`);
    }
  }

  action(a: IdentityInputAction): void {
    const env = a.env ?? {};
    if (env.AWS_PROFILE) this.set("profile", env.AWS_PROFILE, `AWS_PROFILE=${env.AWS_PROFILE} in tool env (${a.key})`);
    const envRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (envRegion) this.set("region", envRegion, `AWS_REGION=${envRegion} in tool env (${a.key})`);
    if (env.AWS_SDK_UA_APP_ID) this.set("appId", env.AWS_SDK_UA_APP_ID, `AWS_SDK_UA_APP_ID in tool env (${a.key})`);
    for (const c of a.commands) this.command(c, a);
    if (a.output) this.output(a.output, a);
  }

  private command(c: ParsedCommand, a: IdentityInputAction): void {
    if (c.env.AWS_PROFILE) this.set("profile", c.env.AWS_PROFILE, `AWS_PROFILE=${c.env.AWS_PROFILE} env prefix on ${c.program} (${a.key})`);
    const region = c.env.AWS_REGION ?? c.env.AWS_DEFAULT_REGION;
    if (region) this.set("region", region, `AWS_REGION=${region} env prefix on ${c.program} (${a.key})`);
    if (c.env.AWS_SDK_UA_APP_ID) this.set("appId", c.env.AWS_SDK_UA_APP_ID, `AWS_SDK_UA_APP_ID env on ${c.program} (${a.key})`);
    const uaExtra = c.argv.find((x, i) => c.argv[i - 1] === "--user-agent-extra" || x.startsWith("--user-agent-extra="));
    if (uaExtra) {
      const v = uaExtra.replace(/^--user-agent-extra=/, "");
      this.set("appId", /app\/([^\s]+)/.exec(v)?.[1] ?? v, `--user-agent-extra on ${c.program} (${a.key})`);
    }
    const appTag = c.argv.map((x) => /(?:^|\s)app\/([\w.-]+)/.exec(x)?.[1]).find(Boolean);
    if (appTag && !uaExtra) this.set("appId", appTag, `app/${appTag} user-agent tag on ${c.program} (${a.key})`);
    if (!c.aws) return;
    if (c.aws.profile && c.aws.profile !== c.env.AWS_PROFILE)
      this.set(
        "profile",
        c.aws.profile,
        c.aws.args.profile ? `aws --profile ${c.aws.profile} (${a.key})` : `AWS_PROFILE=${c.aws.profile} for aws (${a.key})`,
      );
    if (c.aws.region && c.aws.region !== (c.env.AWS_REGION ?? c.env.AWS_DEFAULT_REGION))
      this.set(
        "region",
        c.aws.region,
        c.aws.args.region ? `aws --region ${c.aws.region} (${a.key})` : `AWS_REGION=${c.aws.region} for aws (${a.key})`,
      );
    if (c.aws.service === "sts" && c.aws.operation === "assume-role") {
      const s = (k: string) => (typeof c.aws!.args[k] === "string" ? (c.aws!.args[k] as string) : null);
      if (s("role-arn")) this.set("roleArn", s("role-arn")!, `sts assume-role --role-arn (${a.key})`);
      if (s("role-session-name")) this.set("sessionName", s("role-session-name")!, `sts assume-role --role-session-name (${a.key})`);
      if (s("source-identity")) this.set("sourceIdentity", s("source-identity")!, `sts assume-role --source-identity (${a.key})`);
    }
    if (c.aws.service === "sts" && c.aws.operation === "get-caller-identity" && a.output) this.callerIdentity(a.output, a.key);
  }

  private callerIdentity(output: string, key: string): void {
    const arn = /"Arn"\s*:\s*"([^"]+)"/.exec(output)?.[1] ?? ANY_PRINCIPAL_ARN.exec(output)?.[0];
    const account = /"Account"\s*:\s*"(\d{12})"/.exec(output)?.[1];
    if (arn) this.principal(arn, `sts get-caller-identity output (${key})`, true);
    if (account) this.set("accountId", account, `sts get-caller-identity output (${key})`, true);
  }

  private output(out: string, a: IdentityInputAction): void {
    const assumed = ASSUMED_ROLE_ARN.exec(out);
    if (assumed) this.principal(assumed[0], `assumed-role ARN printed in output (${a.key})`);
    const prof = /(?:^|\s)AWS_PROFILE=([\w.@-]+)/m.exec(out)?.[1];
    if (prof) this.set("profile", prof, `AWS_PROFILE=${prof} printed in output (${a.key})`);
    const appId = /(?:^|\s)AWS_SDK_UA_APP_ID=([\w.@-]+)/m.exec(out)?.[1];
    if (appId) this.set("appId", appId, `AWS_SDK_UA_APP_ID printed in output (${a.key})`);
  }

  private principal(arn: string, evidence: string, authoritative = false): void {
    this.set("principalArn", arn, evidence, authoritative);
    const m = ASSUMED_ROLE_ARN.exec(arn);
    const acct = /::(\d{12}):/.exec(arn)?.[1];
    if (acct) this.set("accountId", acct, evidence, authoritative);
    if (m) {
      this.set("roleArn", `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, evidence, authoritative);
      this.set("sessionName", m[4], evidence, authoritative);
    }
  }

  private set(field: Exclude<keyof AwsIdentity, "evidence">, value: string, evidence: string, authoritative = false): void {
    if (!value || value.startsWith("[REDACTED")) return;
    const current = this.id[field];
    if (current === null || (authoritative && current !== value)) this.id[field] = value;
    if (current !== value && !this.id.evidence.includes(evidence) && this.id.evidence.length < 50) this.id.evidence.push(evidence);
  }

  result(): AwsIdentity | null {
    return this.id.evidence.length > 0 ? this.id : null;
  }
}
