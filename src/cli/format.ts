/** Rendering query results for the terminal and for files: aligned table, JSON, JSON Lines, CSV. */
import type { QueryResult, ResultValue } from "../api-types.js";

/** What the renderers need of a result (its warnings go to stderr, not into the output). */
export type ResultTable = Pick<QueryResult, "columns" | "rows">;

export const OUTPUT_FORMATS = ["table", "json", "jsonl", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(s: string): s is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(s);
}

/** A cell as text: null is empty, dynamic values are compact JSON, everything else as it comes. */
export function cellText(v: ResultValue): string {
  if (v === null) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** One CSV field, quoted when it holds a comma, quote, or line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(result: ResultTable): string {
  const names = result.columns.map((c) => c.name);
  const lines = [names.map(csvField).join(",")];
  for (const row of result.rows) lines.push(names.map((n) => csvField(cellText(row[n] ?? null))).join(","));
  return lines.join("\r\n") + "\r\n";
}

export function renderJsonl(result: ResultTable): string {
  return result.rows.map((r) => JSON.stringify(r)).join("\n") + (result.rows.length ? "\n" : "");
}

/** The whole result: `{ "columns": [{name, type}], "rows": [...] }`. */
export function renderJson(result: ResultTable): string {
  return JSON.stringify({ columns: result.columns, rows: result.rows }, null, 2) + "\n";
}

const MAX_CELL = 64;

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\r?\n/g, "\u21b5");
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}\u2026` : oneLine;
}

/**
 * An aligned text table with a `name:type`-free header and a row count. When it would be wider than
 * `width`, each row is printed as a block of `column  value` lines instead, so nothing wraps.
 */
export function renderTable(result: ResultTable, width = 160, maxCell = MAX_CELL): string {
  const names = result.columns.map((c) => c.name);
  const count = `(${result.rows.length} row${result.rows.length === 1 ? "" : "s"})\n`;
  if (names.length === 0) return count;
  const cells = result.rows.map((row) => names.map((n) => clip(cellText(row[n] ?? null), maxCell)));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((r) => r[i]!.length)));
  const total = widths.reduce((a, w) => a + w, 0) + 3 * (names.length - 1);
  if (total <= width || result.rows.length === 0) {
    const line = (parts: string[]): string => parts.map((p, i) => p.padEnd(widths[i]!)).join(" | ").trimEnd();
    const out = [line(names), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line)];
    return `${out.join("\n")}\n${count}`;
  }
  const nameWidth = Math.max(...names.map((n) => n.length));
  const valueWidth = Math.max(20, width - nameWidth - 3);
  const blocks = result.rows.map((row, r) => {
    const head = `-[ row ${r + 1} ]`.padEnd(Math.min(width, nameWidth + 3 + 40), "-");
    const lines = names.map((n) => `${n.padEnd(nameWidth)} | ${clip(cellText(row[n] ?? null), valueWidth)}`.trimEnd());
    return [head, ...lines].join("\n");
  });
  return `${blocks.join("\n")}\n${count}`;
}

export function render(result: ResultTable, format: OutputFormat, width?: number): string {
  switch (format) {
    case "json":
      return renderJson(result);
    case "jsonl":
      return renderJsonl(result);
    case "csv":
      return renderCsv(result);
    default:
      return renderTable(result, width);
  }
}
