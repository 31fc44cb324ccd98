// What the streaming JSON splitter (json-split.ts) hands out, its modes and limits, and the bytes it looks for.

export type SplitMode = { kind: "values" } | { kind: "keyed"; key: string };

export interface Located {
  /** 1-based line where the piece starts. */
  line: number;
  /** Byte offset (in the decompressed stream) where the piece starts. */
  byteOffset: number;
  /** Bytes in the piece (text may be shorter when it exceeded the cap). */
  bytes: number;
  /** True when the text was cut at the cap. */
  truncated: boolean;
  text: string;
}

export type SplitPiece =
  | ({ kind: "element" } & Located)
  | ({ kind: "stray"; reason: string } & Located)
  | ({ kind: "fatal"; reason: string } & Located)
  | ({ kind: "incomplete" } & Located)
  | { kind: "warning"; message: string };

export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;
export const FATAL_KEEP_BYTES = 1024 * 1024;
export const MAX_DEPTH = 4096;
export const MAX_WARNINGS = 20;

export const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  LF = 0x0a,
  CR = 0x0d,
  SPACE = 0x20,
  TAB = 0x09;
export const LBRACE = 0x7b,
  RBRACE = 0x7d,
  LBRACKET = 0x5b,
  RBRACKET = 0x5d,
  COMMA = 0x2c,
  COLON = 0x3a;
