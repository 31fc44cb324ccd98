import { describe, expect, it } from "vitest";
import { parseShellCommand } from "@/lib/agent-logs";

const programs = async (line: string) => (await parseShellCommand(line)).map((c) => c.program);

describe("parseShellCommand: structure", () => {
  it("splits &&, ||, ; and pipes in order", async () => {
    expect(await programs("git status && aws s3 ls || echo fail; cat f | grep x | wc -l")).toEqual([
      "git",
      "aws",
      "echo",
      "cat",
      "grep",
      "wc",
    ]);
  });

  it("enters subshells and command substitutions", async () => {
    expect(await programs("(cd infra; terraform plan) && echo $(aws sts get-caller-identity --query Arn)")).toEqual([
      "cd",
      "terraform",
      "aws",
      "echo",
    ]);
  });

  it("recurses into bash -c / sh -lc strings", async () => {
    const [c] = await parseShellCommand(`bash -c 'aws ecs update-service --cluster prod --service api --desired-count 0'`);
    expect(c.program).toBe("aws");
    expect(c.aws).toMatchObject({
      service: "ecs",
      operation: "update-service",
      args: { cluster: "prod", service: "api", "desired-count": "0" },
    });
    expect(c.riskReason).toContain("via bash -c");
    expect((await parseShellCommand(`sh -lc "rm -rf /var/lib/data"`))[0]).toMatchObject({ program: "rm", risk: "destructive" });
  });

  it("reads env prefixes and env(1) assignments", async () => {
    const [a] = await parseShellCommand("AWS_PROFILE=prod AWS_REGION=eu-west-1 aws s3 rb s3://logs --force");
    expect(a.env).toEqual({ AWS_PROFILE: "prod", AWS_REGION: "eu-west-1" });
    expect(a.aws).toMatchObject({ service: "s3", operation: "rb", profile: "prod", region: "eu-west-1", args: { force: true } });
    expect(a.risk).toBe("destructive");
    const [b] = await parseShellCommand("env AWS_PROFILE=staging aws dynamodb delete-table --table-name t");
    expect(b).toMatchObject({ program: "aws", env: { AWS_PROFILE: "staging" }, risk: "destructive" });
    expect(b.aws?.profile).toBe("staging");
  });

  it("applies `export` to later commands of the line", async () => {
    const cmds = await parseShellCommand("export AWS_PROFILE=prod; aws lambda delete-function --function-name f");
    expect(cmds).toHaveLength(1);
    expect(cmds[0].aws?.profile).toBe("prod");
    expect(cmds[0].aws?.args["function-name"]).toBe("f");
  });

  it("unwraps sudo, xargs, nohup, timeout and find -exec", async () => {
    expect((await parseShellCommand("sudo -u root rm -rf /opt/app"))[0]).toMatchObject({ program: "rm", risk: "destructive" });
    expect((await parseShellCommand("aws s3 ls | xargs -I{} aws s3 rb s3://{} --force"))[1]).toMatchObject({
      program: "aws",
      risk: "destructive",
    });
    expect((await parseShellCommand("nohup timeout 30 kubectl delete pod x &"))[0]).toMatchObject({
      program: "kubectl",
      risk: "destructive",
    });
    expect(await programs("find /tmp -name '*.log' -exec rm -rf {} \\;")).toEqual(["find", "rm"]);
  });

  it("joins line continuations", async () => {
    const [c] = await parseShellCommand(
      "aws rds delete-db-instance \\\n  --db-instance-identifier prod-db \\\n  --skip-final-snapshot \\\n  --profile prod",
    );
    expect(c.aws).toMatchObject({
      operation: "delete-db-instance",
      args: { "db-instance-identifier": "prod-db", "skip-final-snapshot": true },
      profile: "prod",
    });
    expect(c.risk).toBe("destructive");
  });

  it("parses heredocs fed to a shell or psql as their language", async () => {
    const viaBash = await parseShellCommand("bash <<'EOF'\naws cloudformation delete-stack --stack-name api-prod\nEOF");
    expect(viaBash[0]).toMatchObject({ program: "aws", risk: "destructive" });
    expect(viaBash[0].aws?.args["stack-name"]).toBe("api-prod");
    const viaPsql = await parseShellCommand("psql -h db <<SQL\nTRUNCATE TABLE orders;\nSQL");
    expect(viaPsql[0]).toMatchObject({ program: "psql", risk: "destructive" });
    const file = await parseShellCommand("cat > notes.md <<'EOF'\nrm -rf / is just text here\nEOF");
    expect(file).toHaveLength(1);
    expect(file[0]).toMatchObject({ program: "cat", risk: "write" });
  });

  it("keeps quoted values and unescapes them", async () => {
    const [c] = await parseShellCommand(`aws ssm put-parameter --name "/app/db url" --value 'a b' --overwrite`);
    expect(c.aws?.args).toMatchObject({ name: "/app/db url", value: "a b", overwrite: true });
  });
});

describe("parseShellCommand: terraform", () => {
  it("destroy, -chdir, -auto-approve and -target", async () => {
    const [c] = await parseShellCommand("terraform -chdir=envs/prod destroy -auto-approve -target=aws_db_instance.main -target module.vpc");
    expect(c.terraform).toEqual({
      subcommand: "destroy",
      autoApprove: true,
      targets: ["aws_db_instance.main", "module.vpc"],
      workspace: null,
    });
    expect(c.risk).toBe("destructive");
  });

  it("apply -destroy is destructive, apply is write, plan is read", async () => {
    expect((await parseShellCommand("tofu apply -destroy"))[0]).toMatchObject({ risk: "destructive", riskReason: "tofu apply -destroy" });
    expect((await parseShellCommand("terraform apply tfplan"))[0].risk).toBe("write");
    expect((await parseShellCommand("terraform plan -out tfplan"))[0].risk).toBe("read");
  });

  it("workspace from an earlier `workspace select` or TF_WORKSPACE", async () => {
    const cmds = await parseShellCommand("terraform workspace select prod && terraform apply -auto-approve");
    expect(cmds[1].terraform).toMatchObject({ subcommand: "apply", autoApprove: true, workspace: "prod" });
    expect((await parseShellCommand("TF_WORKSPACE=stage terraform destroy"))[0].terraform?.workspace).toBe("stage");
  });
});

describe("parseShellCommand: risk", () => {
  it.each([
    ["kubectl delete namespace payments", "destructive"],
    ["kubectl get pods -A", "read"],
    ["gcloud sql instances delete prod-db --quiet", "destructive"],
    ["az group delete -n rg-prod --yes", "destructive"],
    [`psql "$DATABASE_URL" -c "DROP TABLE users"`, "destructive"],
    [`psql -c "select count(*) from users"`, "read"],
    ["mysql -e 'TRUNCATE orders'", "destructive"],
    ["rm -rf ./build", "destructive"],
    ["rm notes.txt", "write"],
    ["ls -la && cat README.md && grep -r TODO . && git status", "read"],
    ["aws ec2 describe-instances --region us-east-1", "read"],
    ["aws s3api list-buckets", "read"],
    ["aws iam attach-role-policy --role-name r --policy-arn arn:aws:iam::aws:policy/AdministratorAccess", "privilege"],
    ["aws ec2 terminate-instances --instance-ids i-123", "destructive"],
    ["git push --force origin main", "destructive"],
    ["echo hi > /dev/null", "read"],
    ["echo hi > out.txt", "write"],
    ["npm install", "write"],
  ])("%s → %s", async (line, risk) => {
    const cmds = await parseShellCommand(line);
    const worst = cmds
      .map((c) => c.risk)
      .sort(
        (a, b) => ["read", "write", "privilege", "destructive"].indexOf(b) - ["read", "write", "privilege", "destructive"].indexOf(a),
      )[0];
    expect(worst).toBe(risk);
    for (const c of cmds) expect(c.riskReason).toBeTruthy();
  });
});

describe("parseShellCommand: bad input never throws", () => {
  it("unterminated quote still yields a best-effort command naming the parse error", async () => {
    const cmds = await parseShellCommand(`aws s3 rm s3://bucket --recursive "unterminated`);
    expect(cmds.length).toBeGreaterThan(0);
    expect(cmds[0].program).toBe("aws");
    expect(cmds[0].risk).toBe("destructive");
    expect(cmds[0].riskReason).toMatch(/parse error/);
  });

  it("garbage, NULs and huge lines", async () => {
    await expect(parseShellCommand("((((")).resolves.toBeInstanceOf(Array);
    await expect(parseShellCommand("echo \u0000\u0001 ok")).resolves.toBeInstanceOf(Array);
    const huge = `echo ${"x".repeat(400_000)} && rm -rf /`;
    await expect(parseShellCommand(huge)).resolves.toBeInstanceOf(Array);
    expect(await parseShellCommand("")).toEqual([]);
  });
});
