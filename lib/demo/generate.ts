import { DEMO_ACCOUNT, DEMO_REGION } from "./actors";
import { demoAgentLog } from "./agent-log";
import { AGENT_STEPS, SESSION } from "./agent-steps";
import { noiseCalls } from "./noise";
import { type CloudTrailRecord, callRecord } from "./records";
import { Rng } from "./rng";
import { storyCalls } from "./story";

export interface DemoFile {
  /** Relative path: the agent log, or the S3 key of a CloudTrail log file. */
  path: string;
  content: string;
}

export interface DemoOptions {
  /** Seeds the background noise and file-name suffixes (the incident itself is always the same). Default 20251209. */
  seed?: number;
  /** Background calls across the day besides the story. Default 3000. */
  noiseEvents?: number;
}

export const DEMO_DEFAULT_SEED = 20251209;
export const DEMO_DEFAULT_NOISE = 3000;
/** CloudTrail delivers a file per region roughly every 5–15 minutes. */
const DELIVERY_WINDOW_MS = 15 * 60_000;
const DELIVERY_DELAY_MS = 5 * 60_000;
/** The incident's records come from a fixed stream so their ids never depend on the noise options. */
const STORY_SEED = 0x0c0ffee;

export const DEMO_AGENT_LOG_PATH = `agent-logs/kiro/${SESSION.id}.jsonl`;

/**
 * The demo incident as real-format input files, deterministic for the options:
 *  - a canonical-format agent JSONL (parse with `parseAgentLog(text, { fileName: path })`);
 *  - CloudTrail S3 log files `{"Records":[…]}` at `AWSLogs/<acct>/CloudTrail/cn-north-1/YYYY/MM/DD/
 *    <acct>_CloudTrail_cn-north-1_<YYYYMMDDTHHmmZ>_<16 chars>.json`, one per 15-minute delivery window.
 * The story is summarised on DEMO_EXPECTED (expected.ts).
 */
export function generateDemoIncident(opts: DemoOptions = {}): { files: DemoFile[] } {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const noise = Math.max(0, Math.floor(opts.noiseEvents ?? DEMO_DEFAULT_NOISE));
  const storyRng = new Rng(STORY_SEED);
  const noiseRng = new Rng(seed);
  const fileRng = new Rng(seed ^ 0x5a5a5a5a);

  const records: CloudTrailRecord[] = [];
  for (const step of AGENT_STEPS) for (const call of step.calls) records.push(callRecord(call, storyRng));
  for (const call of storyCalls()) records.push(callRecord(call, storyRng));
  for (const call of noiseCalls(noiseRng, noise)) records.push(callRecord(call, noiseRng));
  records.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : a.eventID < b.eventID ? -1 : 1));

  const windows = new Map<number, CloudTrailRecord[]>();
  for (const r of records) {
    const w = Math.floor(Date.parse(r.eventTime) / DELIVERY_WINDOW_MS) * DELIVERY_WINDOW_MS;
    const list = windows.get(w);
    if (list) list.push(r);
    else windows.set(w, [r]);
  }
  const files: DemoFile[] = [{ path: DEMO_AGENT_LOG_PATH, content: demoAgentLog() }];
  for (const [w, list] of [...windows].sort((a, b) => a[0] - b[0])) {
    files.push({ path: cloudTrailKey(w + DELIVERY_WINDOW_MS + DELIVERY_DELAY_MS, fileRng), content: JSON.stringify({ Records: list }) });
  }
  return { files };
}

/** `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<16 chars>.json`. */
export function cloudTrailKey(deliveredAt: number, rng: Rng): string {
  const d = new Date(deliveredAt);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const [y, mo, day, h, mi] = [d.getUTCFullYear(), p2(d.getUTCMonth() + 1), p2(d.getUTCDate()), p2(d.getUTCHours()), p2(d.getUTCMinutes())];
  const suffix = rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16);
  return `AWSLogs/${DEMO_ACCOUNT}/CloudTrail/${DEMO_REGION}/${y}/${mo}/${day}/${DEMO_ACCOUNT}_CloudTrail_${DEMO_REGION}_${y}${mo}${day}T${h}${mi}Z_${suffix}.json`;
}
