import type { ActionKind, Approval, AwsIdentity, ParsedCommand } from "@/lib/model/agent";
import type { QuarantineItem, RecordPosition, SkipItem } from "@/lib/model/ingest-item";
import type { RiskClass } from "@/lib/model/risk";
import { boundRaw } from "./bound";
import { parseTime } from "./time";

/** An action while a format reader assembles it; finalize() redacts, bounds and classifies it. */
export interface DraftAction {
  key: string;
  kind: ActionKind;
  at: number;
  endedAt: number | null;
  actor: string;
  text: string | null;
  toolCallId: string | null;
  tool: string | null;
  command: string | null;
  input: unknown;
  cwd: string | null;
  exitCode: number | null;
  isError: boolean;
  output: string | null;
  approval: Approval | null;
  subagent: string | null;
  recordIndex: number;
  recordCount: number;
  raw: unknown[];
  /** Commands the format already knows (Kiro/Q `use_aws`): used instead of parsing `command`. */
  presetCommands: ParsedCommand[] | null;
  /** Environment in force for `command` (canonical tool_call.env). */
  env: Record<string, string> | null;
  /** Risk of a tool that runs no shell command, when the format knows better than the tool name. */
  toolRisk: RiskClass | null;
  /** Set once a result has been merged in (so a second result for the same name isn't paired with it). */
  hasResult: boolean;
}

export interface SessionDraft {
  externalId: string;
  kind: string;
  agentVersion: string | null;
  mode: string | null;
  approvalPolicy: string | null;
  user: string | null;
  host: string | null;
  cwd: string | null;
  model: string | null;
  startedAt: number | null;
  endedAt: number | null;
  metaRecords: number;
  actions: DraftAction[];
  /** Identity the log states outright (canonical session_start.awsIdentity). */
  statedIdentity: Partial<AwsIdentity> | null;
}

export type ActionInit = Partial<Omit<DraftAction, "recordIndex" | "recordCount" | "raw">> & Pick<DraftAction, "key" | "kind" | "at">;

/**
 * Collects sessions, actions, skips and quarantine for one input, and makes sure every record is counted exactly
 * once: each record is opened with `record()` and must end in quarantine, skip, session meta, or an action.
 */
export class LogBuilder {
  read = 0;
  readonly quarantine: QuarantineItem[] = [];
  readonly skipped: SkipItem[] = [];
  readonly notes = new Set<string>();
  readonly sessions = new Map<string, SessionDraft>();
  private readonly calls = new Map<string, DraftAction>();
  private readonly keys = new Map<string, Set<string>>();

  constructor(
    readonly fileName: string,
    readonly fileTime: number | null = null,
  ) {}

  session(externalId: string, kind: string): SessionDraft {
    let s = this.sessions.get(externalId);
    if (!s) {
      s = {
        externalId,
        kind,
        agentVersion: null,
        mode: null,
        approvalPolicy: null,
        user: null,
        host: null,
        cwd: null,
        model: null,
        startedAt: null,
        endedAt: null,
        metaRecords: 0,
        actions: [],
        statedIdentity: null,
      };
      this.sessions.set(externalId, s);
    }
    return s;
  }

  record(position: RecordPosition, raw: unknown, rawText?: string): RecordCtx {
    this.read++;
    return new RecordCtx(this, position, raw, rawText);
  }

  /** ms epoch of a timestamp value, or null; notes when a zone-less time was read as UTC. */
  time(value: unknown): number | null {
    const t = parseTime(value);
    if (!t) return null;
    if (t.assumedUtc) this.notes.add("timestamps without a time zone were read as UTC");
    return t.ms;
  }

  findCall(session: SessionDraft, toolCallId: string | null | undefined): DraftAction | undefined {
    return toolCallId ? this.calls.get(`${session.externalId}\u0000${toolCallId}`) : undefined;
  }

  /** The latest tool call in the session still waiting for its result, optionally with a given tool name. */
  lastOpenCall(session: SessionDraft, tool?: string | null): DraftAction | undefined {
    for (let i = session.actions.length - 1; i >= 0; i--) {
      const a = session.actions[i];
      if (a.kind === "tool_call" && !a.hasResult && (!tool || a.tool === tool)) return a;
    }
    return undefined;
  }

  /** Unique key within the session (a repeated key gets `#2`, `#3`…). */
  uniqueKey(session: SessionDraft, key: string): string {
    let set = this.keys.get(session.externalId);
    if (!set) {
      set = new Set();
      this.keys.set(session.externalId, set);
    }
    let k = key || "action";
    for (let n = 2; set.has(k); n++) k = `${key}#${n}`;
    set.add(k);
    return k;
  }

  registerCall(session: SessionDraft, action: DraftAction): void {
    if (action.toolCallId) this.calls.set(`${session.externalId}\u0000${action.toolCallId}`, action);
  }
}

export class RecordCtx {
  private claimed = false;

  constructor(
    private readonly b: LogBuilder,
    readonly position: RecordPosition,
    private readonly raw: unknown,
    private readonly rawText?: string,
  ) {}

  get isClaimed(): boolean {
    return this.claimed;
  }

  quarantine(reason: string): void {
    if (this.claimed) return;
    this.claimed = true;
    const text = this.rawText ?? safeStringify(this.raw);
    this.b.quarantine.push({ position: this.position, reason, rawText: text });
  }

  skip(reason: string): void {
    if (this.claimed) return;
    this.claimed = true;
    this.b.skipped.push({ position: this.position, reason });
  }

  meta(session: SessionDraft): void {
    if (this.claimed) return;
    this.claimed = true;
    session.metaRecords++;
  }

  /** Create an action from this record (counted here unless the record was already counted by a sibling action). */
  action(session: SessionDraft, init: ActionInit): DraftAction {
    const a: DraftAction = {
      endedAt: null,
      actor: "agent",
      text: null,
      toolCallId: null,
      tool: null,
      command: null,
      input: null,
      cwd: null,
      exitCode: null,
      isError: false,
      output: null,
      approval: null,
      subagent: null,
      presetCommands: null,
      env: null,
      toolRisk: null,
      hasResult: false,
      ...init,
      key: this.b.uniqueKey(session, init.key),
      recordIndex: this.position.index,
      recordCount: this.claimed ? 0 : 1,
      raw: [boundRaw(this.raw)],
    };
    this.claimed = true;
    session.actions.push(a);
    if (a.kind === "tool_call") this.b.registerCall(session, a);
    return a;
  }

  /** Merge this record into an existing action (a tool result, an approval, a continuation of a message). */
  merge(action: DraftAction, patch: Partial<DraftAction> = {}): DraftAction {
    Object.assign(action, patch);
    if (!this.claimed) action.recordCount++;
    this.claimed = true;
    if (action.raw.length < 20) action.raw.push(boundRaw(this.raw));
    return action;
  }

  /** Safety net: a record no branch handled is skipped rather than lost. */
  done(): void {
    if (!this.claimed) this.skip("record carried nothing to keep");
  }
}

export function safeStringify(v: unknown): string {
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
