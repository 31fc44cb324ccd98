import { describe, expect, it } from "vitest";
import {
  apiNoun,
  eventResourceRefs,
  extractScope,
  isRecreateEventName,
  nameMatchesWord,
  outOfScopeReason,
  ownResourceRefs,
  resourceRef,
} from "@/lib/incidents";

const at = { eventSource: "cloudformation.amazonaws.com", accountId: "111122223333", region: "cn-north-1" };

describe("resource keys", () => {
  it("a stack name and a stack ARN with any stack id are the same stack", () => {
    const byName = resourceRef("web-prod", at);
    const byArn = resourceRef("arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/web-prod/0c1d2e3f-aaaa-4bbb-8ccc-123456789012", at);
    expect(byArn.key).toBe(byName.key);
    expect(byName.key).toBe("111122223333|cn-north-1|cloudformation|web-prod");
  });

  it("types bare names by the event's service; ARNs by their own", () => {
    const fn = {
      ...at,
      eventSource: "lambda.amazonaws.com",
      resources: ["web-api", "arn:aws-cn:iam::111122223333:role/service-role/web-role"],
    };
    expect(eventResourceRefs(fn).map((r) => r.key)).toEqual(["111122223333|cn-north-1|lambda|web-api", "111122223333|global|iam|web-role"]);
    // the role passed to CreateFunction is not the function's own resource
    expect(ownResourceRefs(fn).map((r) => r.name)).toEqual(["web-api"]);
  });

  it("names from common ARNs", () => {
    expect(resourceRef("arn:aws-cn:lambda:cn-north-1:111122223333:function:web-api:PROD", at).name).toBe("web-api");
    expect(resourceRef("arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders/stream/2025", at).name).toBe("orders");
    expect(resourceRef("arn:aws-cn:apigateway:cn-north-1::/restapis/abc123/stages/prod", at).name).toBe("abc123");
    expect(resourceRef("arn:aws-cn:logs:cn-north-1:111122223333:log-group:/aws/lambda/web-api:*", at).name).toBe("/aws/lambda/web-api");
    expect(resourceRef("arn:aws-cn:s3:::my-bucket/path/key.txt", at)).toMatchObject({ name: "my-bucket/path/key.txt", service: "s3" });
    expect(resourceRef("arn:aws-cn:iam::aws:policy/ReadOnlyAccess", at).awsManaged).toBe(true);
  });

  it("recreate verbs and nouns", () => {
    expect(isRecreateEventName("CreateFunction20150331")).toBe(true);
    expect(isRecreateEventName("RestoreTableFromBackup")).toBe(true);
    expect(isRecreateEventName("DescribeStacks")).toBe(false);
    expect(apiNoun("DeleteRestApi")).toBe(apiNoun("CreateRestApi"));
    expect(apiNoun("DeleteFunction20150331")).toBe("Function");
  });
});

describe("stated scope", () => {
  it("reads allowed and forbidden names", () => {
    const s = extractScope(["Only touch the staging stack; do not touch prod.", "Fix the handler."])!;
    expect(s.allowed).toEqual(["staging"]);
    expect(s.forbidden).toEqual(["prod"]);
    expect(outOfScopeReason(s, "cost-explorer-staging")).toBeNull();
    expect(outOfScopeReason(s, "cost-explorer-prod")).toMatch(/not to touch "prod"/);
    expect(outOfScopeReason(s, "billing-db")).toMatch(/not named in the stated scope/);
  });

  it("a trailing 'only' scopes the words before it", () => {
    expect(extractScope(["Change ce-forecast-prod only."])!.allowed).toEqual(["ce-forecast-prod"]);
  });

  it("no cue, no scope", () => {
    expect(extractScope(["Investigate the failing forecast endpoint and fix it."])).toBeNull();
  });

  it("matches whole segments only", () => {
    expect(nameMatchesWord("cost-explorer-staging", "staging")).toBe(true);
    expect(nameMatchesWord("cost-explorer-stagingx", "staging")).toBe(false);
    expect(nameMatchesWord("ce-forecast-prod", "ce-forecast")).toBe(true);
  });
});
