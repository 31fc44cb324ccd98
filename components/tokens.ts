/**
 * CSS custom properties (defined once in app/globals.css, redefined for dark mode) as values for SVG/chart props.
 * Components never hold a colour literal: they pass these `var(--…)` references.
 */
export const TOKEN = {
  grid: "var(--grid)",
  axis: "var(--axis-text)",
  axisLine: "var(--border-strong)",
  faint: "var(--faint)",
  accent: "var(--accent)",
  cursor: "var(--selection-fill)",
  outage: "var(--outage-bg)",
  stripe: "var(--lane-stripe)",
  panel: "var(--panel)",
  destructiveText: "var(--risk-destructive)",
  noApproval: "var(--fill-no-approval)",
} as const;

/** Glyph fills per risk class (timeline markers, bars). */
export const RISK_FILL: Record<string, string> = {
  read: "var(--fill-read)",
  write: "var(--fill-write)",
  privilege: "var(--fill-privilege)",
  destructive: "var(--fill-destructive)",
};

/** Glyph fills per agent action kind other than tool calls. */
export const KIND_FILL: Record<string, string> = {
  prompt: "var(--fill-prompt)",
  plan: "var(--fill-plan)",
  message: "var(--fill-message)",
  error: "var(--fill-write)",
  system: "var(--fill-system)",
};

/** Lane fills of the timeline (agent-linked, people on the incident, other humans, everything else). */
export const LANE_FILL = {
  linked: "var(--lane-linked)",
  team: "var(--lane-team)",
  human: "var(--lane-human)",
  other: "var(--lane-other)",
} as const;
