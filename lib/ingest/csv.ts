/**
 * CSV encoding for PostgreSQL `COPY … WITH (FORMAT csv)`: NULL is an unquoted empty field, every other value is
 * quoted, so empty strings survive. NUL characters cannot be stored in PostgreSQL text and are replaced.
 */
export type CsvValue = string | number | boolean | null | undefined | Date | string[];

const NUL = /\u0000/g;

function quote(s: string): string {
  const clean = s.includes("\u0000") ? s.replace(NUL, "\uFFFD") : s;
  return `"${clean.includes('"') ? clean.replace(/"/g, '""') : clean}"`;
}

/** PostgreSQL array literal for text[]: {"a","b"} with backslash escaping inside elements. */
export function pgTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return quote(value.toISOString());
  return quote(pgTextArray(value));
}

export function csvRow(values: CsvValue[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i) out += ",";
    out += csvField(values[i]);
  }
  return `${out}\n`;
}
