import type { RiskClass } from "@/lib/model/risk";

const LABEL: Record<RiskClass, string> = { read: "read", write: "write", privilege: "privilege", destructive: "destructive" };

/** Risk class as a coloured badge; unknown values (should not happen) show as neutral text. */
export function RiskBadge({ risk }: { risk: string }) {
  const known = Object.hasOwn(LABEL, risk) ? (risk as RiskClass) : null;
  return <span className={`badge ${known ? `risk-${known}` : "neutral"}`}>{known ? LABEL[known] : risk}</span>;
}
