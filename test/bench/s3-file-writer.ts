import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { s3Key } from "@/test/support/synthetic-cloudtrail";

type CloudTrailRecord = Record<string, unknown>;

/**
 * Groups synthetic CloudTrail records by account/region into gzipped S3 files of `fileRecords` records under `dir`
 * (the real S3 key layout), numbering the keys from `fileNo` so names stay unique across calls.
 */
export class S3FileWriter {
  private groups = new Map<string, CloudTrailRecord[]>();
  jsonBytes = 0;
  gzBytes = 0;

  constructor(
    private readonly dir: string,
    private readonly fileRecords: number,
    public fileNo = 0,
    private readonly gzipLevel?: number,
  ) {}

  add(r: CloudTrailRecord): void {
    const g = `${r.recipientAccountId}/${r.awsRegion}`;
    let list = this.groups.get(g);
    if (!list) {
      list = [];
      this.groups.set(g, list);
    }
    list.push(r);
    if (list.length >= this.fileRecords) {
      this.flush(list);
      this.groups.set(g, []);
    }
  }

  /** Writes the partly filled files. */
  finish(): void {
    for (const list of this.groups.values()) if (list.length) this.flush(list);
    this.groups.clear();
  }

  private flush(records: CloudTrailRecord[]): void {
    const first = records[0];
    const key = s3Key(String(first.recipientAccountId), String(first.awsRegion), Date.parse(String(first.eventTime)), this.fileNo++);
    const json = Buffer.from(JSON.stringify({ Records: records }));
    const gz = gzipSync(json, this.gzipLevel === undefined ? {} : { level: this.gzipLevel });
    const file = path.join(this.dir, key);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, gz);
    this.jsonBytes += json.length;
    this.gzBytes += gz.length;
  }
}
