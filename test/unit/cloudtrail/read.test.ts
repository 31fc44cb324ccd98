import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readCloudTrail } from "@/lib/cloudtrail";
import { NormalizedEvent } from "@/lib/model/cloudtrail-event";
import { chunked, corpus, fixture, readAll } from "./helpers";

const rec = (i: number, extra: Record<string, unknown> = {}) => ({
  eventVersion: "1.08",
  eventID: `id-${i}`,
  eventTime: "2024-05-01T12:00:00Z",
  eventSource: "ec2.amazonaws.com",
  eventName: "DescribeInstances",
  awsRegion: "us-east-1",
  ...extra,
});

describe("readCloudTrail: formats from the corpus", () => {
  it("Records wrapper (AWS docs EC2 example)", async () => {
    const r = await readAll(corpus("awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.01.amazon-ec2-log-examples.json"), "a.json");
    expect(r.format).toBe("cloudtrail-records");
    expect(r.events.map((e) => e.event.eventName)).toEqual(["StartInstances"]);
    expect(r.events[0].position).toEqual({ index: 0, line: 1 }); // `{"Records": [{` is on line 1
  });

  it("lookup-events: the inner record is the truth (outer EventTime differs)", async () => {
    const r = await readAll(fixture("aws-cli.lookup-events.example-output.json"), "lookup.json");
    expect(r.format).toBe("lookup-events");
    expect(r.events).toHaveLength(1);
    const e = r.events[0].event;
    expect(e.eventTime).toBe(Date.parse("2016-01-26T21:42:12Z"));
    expect(e).toMatchObject({ eventId: "654ccbc0-ba0d-486a-9076-dbf7274677a7", eventName: "ConsoleLogin", sessionName: "my-session-name" });
    expect(e.raw.eventVersion).toBe("1.02");
    expect(e.raw.EventId).toBeUndefined();
  });

  it("lookup-events with raw Insights records directly in Events[] (docs inconsistency)", async () => {
    const r = await readAll(corpus("awsdocs-cloudtrail-user-guide/view-insights-events-cli.01.looking-up-insights-events.json"), "x.json");
    expect(r.events.map((e) => [e.event.eventName, e.event.risk])).toEqual([
      ["CompleteLifecycleAction", "read"],
      ["CompleteLifecycleAction", "read"],
    ]);
  });

  it("lookup-events: pretty-printed CloudTrailEvent with a broken quote is quarantined with the JSON error, no throw", async () => {
    const r = await readAll(
      corpus("awsdocs-cloudtrail-user-guide/view-cloudtrail-events-cli.01.looking-up-events.invalid-json.txt"),
      "x.txt",
    );
    expect(r.events).toHaveLength(0);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0].item.position).toEqual({ index: 0, line: 4 });
    expect(r.quarantined[0].item.reason).toMatch(/^invalid JSON at record 0 \(line 4\): Bad control character/);
    expect(r.quarantined[0].item.rawText).toContain("0ebbaee4-6e67-431d-8225-ba0d81df5972");
  });

  it("lookup-events: multi-line CloudTrailEvent string and epoch-float EventTime are accepted when otherwise valid", async () => {
    const inner = JSON.stringify(rec(1, { eventTime: "2015-02-20T23:55:29Z" }), null, 2); // real newlines
    const page = (id: string) =>
      `{"Events":[{"EventId":"${id}","EventTime":1424476529.0,"CloudTrailEvent":"${inner.replace(/"/g, '\\"')}"}]}`;
    const text = `${page("a")}\n${page("b")}`; // two pages, one per line; raw newlines inside the strings
    const r = await readAll(Buffer.from(text), "pages.json");
    expect(r.format).toBe("lookup-events");
    expect(r.events).toHaveLength(2);
    expect(r.events[0].event.eventTime).toBe(Date.UTC(2015, 1, 20, 23, 55, 29));
    // Outer EventId/EventTime only fill gaps:
    const noId = JSON.stringify({ eventTime: "x", eventName: "A", eventSource: "s" }).replace(/"/g, '\\"');
    const r2 = await readAll(
      Buffer.from(`{"Events":[{"EventId":"outer","EventTime":1424476529.0,"CloudTrailEvent":"${noId}"}]}`),
      "p.json",
    );
    expect(r2.quarantined[0].item.reason).toMatch(/unreadable eventTime "x"/);
    const noTime = JSON.stringify({ eventName: "A", eventSource: "s" }).replace(/"/g, '\\"');
    const r3 = await readAll(
      Buffer.from(`{"Events":[{"EventId":"outer","EventTime":1424476529.0,"CloudTrailEvent":"${noTime}"}]}`),
      "p.json",
    );
    expect(r3.events[0].event).toMatchObject({ eventId: "outer", eventTime: 1424476529000 });
  });

  it("EventBridge envelope: the record is detail", async () => {
    const r = await readAll(
      corpus("awsdocs-step-functions-developer-guide/tutorial-cloudwatch-events-s3.eventbridge-putobject.json"),
      "eb.json",
    );
    expect(r.format).toBe("eventbridge");
    expect(r.events).toHaveLength(1);
    expect(r.events[0].event).toMatchObject({ eventName: "PutObject", eventSource: "s3.amazonaws.com", risk: "write" });
    expect(r.events[0].event.raw["detail-type"]).toBeUndefined();
  });

  it("EventBridge as array and as JSONL", async () => {
    const env = (i: number) => ({
      version: "0",
      id: `eb-${i}`,
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.ec2",
      time: "2024-05-01T12:00:00Z",
      detail: rec(i),
    });
    const arr = await readAll(Buffer.from(JSON.stringify([env(1), env(2)])), "eb.json");
    const jsonl = await readAll(Buffer.from(`${JSON.stringify(env(1))}\n${JSON.stringify(env(2))}\n`), "eb.jsonl");
    for (const r of [arr, jsonl]) {
      expect(r.format).toBe("eventbridge");
      expect(r.events.map((e) => e.event.eventId)).toEqual(["id-1", "id-2"]);
    }
  });

  it("CloudTrail Lake rows: whole events normalised, projections skipped with a note", async () => {
    const full = await readAll(
      corpus("awsdocs-cloudtrail-user-guide/query-lake-examples.02.example-find-all-apis-that-a-user-called-on-january-22-2023.json"),
      "q.json",
    );
    expect(full.format).toBe("cloudtrail-lake");
    expect(full.events.map((e) => [e.event.eventName, e.event.eventTime])).toEqual([
      ["DescribeQuery", Date.UTC(2023, 0, 22, 16, 53, 53)],
      ["ListBuckets", Date.UTC(2023, 0, 22, 20, 25, 1)],
    ]);
    const agg = await readAll(
      corpus("awsdocs-cloudtrail-user-guide/query-lake-examples.03.example-find-the-number-of-api-calls-since-january-1-2023-gr.json"),
      "q.json",
    );
    expect(agg.events).toHaveLength(0);
    expect(agg.skipped.length).toBeGreaterThan(0);
    expect(agg.skipped[0].item.reason).toMatch(/CloudTrail Lake result row without eventTime/);
  });

  it("digest file: one skip item, not quarantine", async () => {
    const r = await readAll(corpus("elastic-integrations/test-cloudtrail-digest-json.log"), "test-cloudtrail-digest-json.log");
    expect(r.format).toBe("cloudtrail-digest");
    expect(r.items).toEqual([
      { type: "skip", item: { position: { index: 0, line: 1 }, reason: "CloudTrail digest file: not an event log" } },
    ]);
  });

  it("raw control character inside a string (docs IAM example) is repaired and ingested", async () => {
    const r = await readAll(
      corpus("awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.06.iam-log-examples.invalid-json.txt"),
      "x.txt",
    );
    expect(r.quarantined).toHaveLength(0);
    expect(r.events).toHaveLength(1);
    expect(r.events[0].event).toMatchObject({
      eventName: "CreateRole",
      risk: "privilege",
      resources: ["TestRole", "arn:aws:iam::123456789012:role/TestRole"],
    });
    expect(String((r.events[0].event.raw.requestParameters as Record<string, unknown>).assumeRolePolicyDocument)).toContain("\n");
  });

  it("objects concatenated without commas (cloudtrail2sightings) are split, with warnings", async () => {
    const r = await readAll(fixture("cloudtrail2sightings.aws.execution.ec2-user-data.json"), "x.json");
    expect(r.events).toHaveLength(3);
    expect(r.quarantined).toHaveLength(0);
    expect(r.summary.warnings).toEqual([
      "missing ',' between array elements before line 112: split there",
      "missing ',' between array elements before line 201: split there",
    ]);
  });

  it("Panther extracted JSONL: `log` is the record; partial records quarantined with line numbers", async () => {
    const r = await readAll(
      corpus("panther-analysis/aws_cloudtrail_rule_tests.extracted.jsonl"),
      "aws_cloudtrail_rule_tests.extracted.jsonl",
    );
    expect(r.format).toBe("cloudtrail-jsonl");
    expect(r.events).toHaveLength(444);
    expect(r.quarantined).toHaveLength(93);
    expect(r.quarantined.filter((q) => /missing eventTime/.test(q.item.reason))).toHaveLength(90);
    for (const q of r.quarantined) expect(q.item.position.line).toBe(q.item.position.index + 1);
    expect(r.events[0].event.raw.rule_id).toBeUndefined();
    expect(r.events.every((e) => !("p_log_type" in e.event.raw) || e.event.raw.eventName !== undefined)).toBe(true);
  });

  it("Elastic console logins: two records sharing one eventID are both read (dedupe is the store's job)", async () => {
    const r = await readAll(corpus("elastic-integrations/test-console-login-json.log"), "test-console-login-json.log");
    expect(r.events).toHaveLength(3);
    const ids = r.events.map((e) => e.event.eventId);
    expect(new Set(ids).size).toBe(2);
    expect(r.events.map((e) => e.position.line)).toEqual([1, 2, 3]);
  });

  it("YAML scenario: the whole file is quarantined as unrecognised", async () => {
    const r = await readAll(
      corpus("panther-analysis/test_scenarios/compromised-root-creds/victim_cloudtrail.yml"),
      "victim_cloudtrail.yml",
    );
    expect(r.format).toBeNull();
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0].item.reason).toMatch(/^unrecognised format: YAML/);
    expect(r.quarantined[0].item.rawText).toContain("LogType: AWS.CloudTrail");
  });
});

describe("readCloudTrail: JSONL robustness", () => {
  it("a malformed line is quarantined with its line; the next lines are read", async () => {
    const text = [JSON.stringify(rec(1)), '{"eventName": broken', "", JSON.stringify(rec(2)), "[1,2]", JSON.stringify(rec(3))].join("\n");
    const r = await readAll(Buffer.from(text), "x.jsonl");
    expect(r.events.map((e) => [e.event.eventId, e.position])).toEqual([
      ["id-1", { index: 0, line: 1 }],
      ["id-2", { index: 2, line: 4 }],
      ["id-3", { index: 4, line: 6 }],
    ]);
    expect(r.quarantined.map((q) => [q.item.position, q.item.rawText])).toEqual([
      [{ index: 1, line: 2 }, '{"eventName": broken'],
      [{ index: 3, line: 5 }, "[1,2]"],
    ]);
    expect(r.quarantined[1].item.reason).toBe("element is an array, not a record at record 3 (line 5)");
    const arrays = await readAll(
      Buffer.from(`[${JSON.stringify(rec(1))},${JSON.stringify(rec(2))}]\n`),
      "x.jsonl",
      undefined,
      "cloudtrail-jsonl",
    );
    expect(arrays.quarantined[0].item.reason).toMatch(/^element is an array/);
    expect(r.quarantined[0].item.reason).toMatch(/^invalid JSON at record 1 \(line 2\): /);
  });

  it("a bare array with a bracket error in one record quarantines that record and keeps the ones after it", async () => {
    const text = `[${JSON.stringify(rec(1))},\n{"eventName": ]},\n${JSON.stringify(rec(2))}]`;
    const r = await readAll(Buffer.from(text), "x.json");
    expect(r.events.map((e) => e.event.eventId)).toEqual(["id-1", "id-2"]);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0].item.reason).toMatch(
      /structural JSON error in this record at line 2: '\]' closes '\{'.* at record 1 \(line 2\)/,
    );
    expect(r.quarantined[0].item.rawText).toBe('{"eventName": ]}');
  });

  it("a Records file with a structural error inside one record keeps every valid record after it", async () => {
    const recs = [rec(1), rec(2), rec(3)].map((r) => JSON.stringify(r, null, 2).replace(/^/gm, "    "));
    recs[1] = recs[1].replace('"awsRegion": "us-east-1"', '"awsRegion": ["us-east-1"}');
    const text = `{\n  "Records": [\n${recs.join(",\n")}\n  ]\n}\n`;
    const r = await readAll(Buffer.from(text), "x.json");
    expect(r.events.map((e) => e.event.eventId)).toEqual(["id-1", "id-3"]);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0].item.rawText).toContain("id-2");
    expect(r.events.length + r.quarantined.length).toBe(3);
  });

  it("names S3 notifications (direct, SQS-wrapped, EventBridge Object Created) instead of quarantining a missing field", async () => {
    const s3 = {
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventTime: "2024-05-01T12:00:00.000Z",
      eventName: "ObjectCreated:Put",
      s3: { bucket: { name: "trail-bucket" }, object: { key: "AWSLogs/1/CloudTrail/x.json.gz" } },
    };
    const direct = await readAll(Buffer.from(JSON.stringify({ Records: [s3] })), "n.json");
    expect(direct.quarantined[0].item.reason).toMatch(
      /^an S3 event notification \(ObjectCreated:Put for s3:\/\/trail-bucket\/AWSLogs\/1\/CloudTrail\/x.json.gz\), not a CloudTrail record: ingest the object/,
    );
    const sqs = { Records: [{ messageId: "m1", body: JSON.stringify({ Records: [s3] }), eventSource: "aws:sqs", awsRegion: "us-east-1" }] };
    const wrapped = await readAll(Buffer.from(JSON.stringify(sqs)), "sqs.json");
    expect(wrapped.quarantined[0].item.reason).toMatch(/^an SQS message wrapping an S3 event notification/);
    const eb = {
      version: "0",
      "detail-type": "Object Created",
      source: "aws.s3",
      time: "2024-05-01T12:00:00Z",
      detail: { bucket: { name: "trail-bucket" }, object: { key: "k.json.gz" } },
    };
    const bridge = await readAll(Buffer.from(JSON.stringify(eb)), "eb.json");
    expect(bridge.quarantined[0].item.reason).toMatch(
      /^an S3 "Object Created" notification \(EventBridge, s3:\/\/trail-bucket\/k.json.gz\)/,
    );
  });

  it("unwraps Cribl _raw (text and object), Splunk export/HEC and Elastic envelopes to the CloudTrail record", async () => {
    const lines = [
      { _raw: JSON.stringify(rec(1)), _time: 1714564800, source: "cribl", host: "h" },
      { _raw: rec(2), _time: 1714564800 },
      { preview: false, result: { _raw: JSON.stringify(rec(3)), _time: "2024-05-01T12:00:00Z", sourcetype: "aws:cloudtrail" } },
      { time: 1714564800, sourcetype: "aws:cloudtrail", event: rec(4) },
      {
        _index: "logs-aws.cloudtrail",
        _id: "x",
        _source: { "@timestamp": "2024-05-01T12:00:00Z", event: { original: JSON.stringify(rec(5)) } },
      },
      { _index: "cloudtrail", _id: "y", _source: rec(6) },
      { _raw: "not json at all", _time: 1 },
    ];
    const r = await readAll(Buffer.from(lines.map((l) => JSON.stringify(l)).join("\n")), "export.json");
    expect(r.format).toBe("cloudtrail-jsonl");
    expect(r.events.map((e) => e.event.eventId)).toEqual(["id-1", "id-2", "id-3", "id-4", "id-5", "id-6"]);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0].item.reason).toMatch(/^Cribl\/Splunk _raw envelope: _raw is not a JSON CloudTrail record/);
  });

  it("forced format option skips detection; unknown text and empty input are quarantined", async () => {
    const forced = await readAll(Buffer.from(`${JSON.stringify(rec(1))}\n`), "x", undefined, "cloudtrail-record");
    expect(forced.format).toBe("cloudtrail-record");
    expect(forced.events).toHaveLength(1);
    const junk = await readAll(Buffer.from("hello world"), "x.txt");
    expect(junk.quarantined[0].item.reason).toMatch(/^unrecognised format: not JSON, so neither CloudTrail nor a JSON agent log/);
    const geminiLike = await readAll(Buffer.from(JSON.stringify({ history: [], start_time: "x" }, null, 2)), "chat.json");
    expect(geminiLike.quarantined[0].item.reason).toMatch(
      /^unrecognised format: not CloudTrail .* not an agent log\. It is a JSON object with keys \{history, start_time\}\. Agent-log formats tried, each needs: claude-code/,
    );
    const empty = await readAll(Buffer.alloc(0), "x.json");
    expect(empty.quarantined.map((q) => q.item.reason)).toEqual(["unrecognised format: empty input"]);
  });

  it("strips a UTF-8 BOM", async () => {
    const r = await readAll(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ Records: [rec(1)] }))]),
      "bom.json",
    );
    expect(r.events).toHaveLength(1);
  });
});

describe("readCloudTrail: gzip", () => {
  const records = Array.from({ length: 5000 }, (_, i) =>
    rec(i, { requestParameters: { instancesSet: { items: [{ instanceId: `i-${i}` }] }, filler: "x".repeat(i % 200) } }),
  );
  const plain = Buffer.from(JSON.stringify({ Records: records }));
  const gz = gzipSync(plain);

  it("reads the real derived .json.gz", async () => {
    const r = await readAll(corpus("derived/cloudtrail-log-file-examples.01.amazon-ec2-log-examples.json.gz"), "x.json.gz");
    expect(r.summary.gzip).toBe(true);
    expect(r.events.map((e) => e.event.eventName)).toEqual(["StartInstances"]);
  });

  it("reads gzip transparently, in small chunks (magic split over two chunks)", async () => {
    const r = await readAll(gz, "big.json.gz", [1, 7, 1000, 4096]);
    expect(r.summary).toMatchObject({ gzip: true, events: 5000, quarantined: 0, bytes: plain.length });
  });

  it("truncated gzip keeps every record before the cut and ends with one quarantine item", async () => {
    const cut = gz.subarray(0, Math.floor(gz.length * 0.5));
    const r = await readAll(cut, "cut.json.gz", [3000]);
    expect(r.events.length).toBeGreaterThan(1000);
    expect(r.events.length).toBeLessThan(5000);
    // Every record whose bytes were fully decoded is kept: compare with what zlib can decode at most.
    const { gunzipSync, constants } = await import("node:zlib");
    const decodable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
    const complete = decodable.split('{"eventVersion"').length - 2; // last one is cut
    expect(r.events).toHaveLength(complete);
    expect(r.events.map((e) => e.event.eventId)).toEqual(records.slice(0, complete).map((x) => x.eventID));
    const last = r.items[r.items.length - 1];
    expect(last.type).toBe("quarantine");
    if (last.type === "quarantine") {
      expect(last.item.reason).toMatch(new RegExp(`^truncated gzip: stream ended after ${cut.length} bytes`));
      expect(last.item.position.index).toBe(complete);
      expect(last.item.rawText.startsWith('{"eventVersion"')).toBe(true);
    }
    expect(r.quarantined).toHaveLength(1);
    expect(r.summary.records).toBe(complete + 1);
  });

  it("truncated gzip of JSONL: the partial last line is the truncation item", async () => {
    const jsonl = Buffer.from(
      records
        .slice(0, 2000)
        .map((x) => JSON.stringify(x))
        .join("\n"),
    );
    const cut = gzipSync(jsonl).subarray(0, 6000);
    const r = await readAll(cut, "x.jsonl.gz");
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0].item.reason).toMatch(/^truncated gzip/);
    expect(r.quarantined[0].item.position.line).toBe(r.events.length + 1);
  });

  it("a gzip cut inside the header still yields a format item and a truncation item, no throw", async () => {
    const r = await readAll(gz.subarray(0, 5), "x.json.gz");
    expect(r.format).toBeNull();
    expect(r.items).toHaveLength(1);
  });

  it("corrupt gzip data is quarantined, not thrown", async () => {
    const bad = Buffer.from(gz);
    for (let i = 200; i < 400; i++) bad[i] ^= 0x5a;
    const r = await readAll(bad, "bad.json.gz");
    const last = r.items[r.items.length - 1];
    expect(last.type).toBe("quarantine");
    if (last.type === "quarantine") expect(last.item.reason).toMatch(/gzip/);
  });

  it("does not swallow errors of the source stream itself", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gz.subarray(0, 1000);
      throw new Error("disk on fire");
    }
    const run = async () => {
      for await (const _ of readCloudTrail(failing(), { fileName: "x.json.gz" })) void _;
    };
    await expect(run()).rejects.toThrow("disk on fire");
  });
});

describe("readCloudTrail: every event validates against the NormalizedEvent contract", () => {
  it("stratus array file in 1-byte chunks equals one-chunk reading", async () => {
    const buf = corpus("stratus-red-team/detonation-logs/aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json");
    const a = await readAll(buf, "x.json", [1]);
    const b = await readAll(buf, "x.json");
    expect(a.events.map((e) => e.event)).toEqual(b.events.map((e) => e.event));
    for (const e of a.events) NormalizedEvent.parse(e.event);
  });

  it("stops cleanly when the consumer breaks early", async () => {
    let n = 0;
    for await (const item of readCloudTrail(chunked(Buffer.from(JSON.stringify({ Records: [rec(1), rec(2), rec(3)] })), [5]), {
      fileName: "x",
    })) {
      if (item.type === "event" && ++n === 1) break;
    }
    expect(n).toBe(1);
  });
});
