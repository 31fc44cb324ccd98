import type { RiskClass } from "@/lib/model/risk";

/** Rough class of SQL text: DROP/TRUNCATE/DELETE → destructive, GRANT/REVOKE/ALTER ROLE → privilege, DML/DDL → write. */
export function classifySql(sql: string): { risk: RiskClass; reason: string } | null {
  const s = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ");
  const m = (re: RegExp) => re.exec(s)?.[0].replace(/\s+/g, " ").toUpperCase() ?? null;
  const destructive =
    m(
      /\b(?:drop\s+(?:table|database|schema|index|view|user|role|owned|materialized\s+view|function|extension|sequence|type)|truncate\b|delete\s+from|alter\s+table\s+\S+\s+drop)\b/i,
    ) ?? (/\bdropDatabase\(\)|\bFLUSHALL\b|\bFLUSHDB\b/i.test(s) ? "drop" : null);
  if (destructive) return { risk: "destructive", reason: `SQL ${destructive}` };
  const priv = m(/\b(?:grant|revoke|alter\s+(?:user|role)|create\s+(?:user|role))\b/i);
  if (priv) return { risk: "privilege", reason: `SQL ${priv}` };
  const write = m(/\b(?:insert\s+into|update\s+\S+\s+set|create|alter|copy|vacuum|reindex|merge\s+into|upsert|replace\s+into)\b/i);
  if (write) return { risk: "write", reason: `SQL ${write}` };
  if (/\b(?:select|show|explain|describe|with)\b|\\d[a-z+]*\b|\\l\b|\\dt\b/i.test(s)) return { risk: "read", reason: "SQL read" };
  return null;
}
