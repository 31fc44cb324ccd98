import type { RiskClass } from "@/lib/model/risk";

/** The risk of one command and why. */
export interface Classification {
  risk: RiskClass;
  reason: string;
}

export const c = (risk: RiskClass, reason: string): Classification => ({ risk, reason });
export const hasFlag = (argv: string[], ...names: string[]) => argv.some((a) => names.includes(a));
export const shortFlags = (argv: string[]) => argv.filter((a) => /^-[A-Za-z]+$/.test(a)).join("");
