import { describe, expect, it } from "vitest";
import { type ImpactCall, impactHeadline, measureImpact } from "@/lib/incidents/impact";
import { decidingSentence, pickStory, type StoryStep } from "@/lib/incidents/story";

const T = Date.parse("2025-12-09T02:14:07Z");
const MIN = 60_000;
const call = (at: number, over: Partial<ImpactCall> = {}): ImpactCall => ({
  eventId: `e${at}`,
  at,
  eventName: "DescribeTable",
  errorCode: null,
  errorMessage: null,
  caller: "ingest-task",
  human: false,
  agent: false,
  invokedByService: false,
  readOnly: true,
  ...over,
});

describe("measureImpact", () => {
  const calls: ImpactCall[] = [
    call(T - 30 * MIN),
    call(T - 20 * MIN, { errorCode: "ThrottlingException" }),
    call(T + 5 * MIN, { errorCode: "ResourceNotFoundException" }),
    call(T + 10 * MIN, { errorCode: "ResourceNotFoundException", caller: "canary" }),
    call(T + 15 * MIN),
    // not customer-facing: a person, the agent, CloudFormation
    call(T + 6 * MIN, { errorCode: "ResourceNotFoundException", human: true, caller: "liu.yang" }),
    call(T + 7 * MIN, { errorCode: "AccessDenied", agent: true }),
    call(T + 8 * MIN, { errorCode: "X", invokedByService: true }),
    // failed recovery attempts by people, out of order on purpose
    call(T + 40 * MIN, { eventName: "CreateStack", errorCode: "ValidationError", human: true, readOnly: false, caller: "liu.yang" }),
    call(T + 20 * MIN, { eventName: "CreateStack", errorCode: "AlreadyExistsException", human: true, readOnly: false, caller: "chen.wei" }),
  ];
  const i = measureImpact({ calls, triggerAt: T, endAt: T + 60 * MIN, buckets: 4, baselineMs: 60 * MIN });

  it("counts only customer-facing calls, failed ones by code and caller", () => {
    expect(i.calls).toBe(3);
    expect(i.failed).toBe(2);
    expect(i.errorRate).toBeCloseTo(2 / 3);
    expect(i.byCode).toEqual([{ code: "ResourceNotFoundException", count: 2 }]);
    expect(i.byCaller).toEqual([
      { caller: "canary", count: 1 },
      { caller: "ingest-task", count: 1 },
    ]);
  });

  it("measures the normal error rate before the trigger and a per-bar series", () => {
    expect(i.baseline).toMatchObject({ calls: 2, failed: 1, errorRate: 0.5 });
    expect(i.series).toHaveLength(4);
    expect(i.series.map((b) => [b.calls, b.failed, b.rate])).toEqual([
      [2, 2, 1],
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("lists failed recovery attempts in time order", () => {
    expect(i.recoveryAttempts.map((a) => [a.caller, a.errorCode])).toEqual([
      ["chen.wei", "AlreadyExistsException"],
      ["liu.yang", "ValidationError"],
    ]);
  });

  it("says it in one sentence, pluralised", () => {
    expect(impactHeadline({ failed: 233, from: T, to: T + 13 * 60 * MIN })).toBe("233 failed customer-facing calls over 13 h");
    expect(impactHeadline({ failed: 1, from: T, to: T + 45 * MIN })).toBe("1 failed customer-facing call over 45 min");
  });
});

describe("pickStory", () => {
  const step = (seq: number, kind: string, text: string): StoryStep => ({
    actionId: String(seq),
    seq,
    kind,
    at: new Date(T + seq * MIN).toISOString(),
    text,
    command: null,
    tool: null,
  });
  const steps = [
    step(0, "prompt", "Fix the stale forecasts"),
    step(1, "plan", "1. read the logs\n2. patch the handler"),
    step(5, "plan", "Task 3 update: the stack is stuck. Delete and recreate the stack from the template."),
    step(9, "plan", "after the trigger: irrelevant delete"),
  ];

  it("takes the last prompt and the latest plan before the trigger that names the destructive move", () => {
    const s = pickStory(steps, 7);
    expect(s.prompt?.seq).toBe(0);
    expect(s.plan?.seq).toBe(5);
    expect(s.decision).toBe("Delete and recreate the stack from the template.");
  });

  it("falls back to the latest plan when none names the move", () => {
    expect(pickStory(steps.slice(0, 2), 7).plan?.seq).toBe(1);
    expect(decidingSentence("list the buckets")).toBeNull();
  });
});
