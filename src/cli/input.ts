/**
 * Reading log files for the CLI: JSON Lines (streamed, so files larger than a string can hold still load),
 * a JSON array of objects, or CSV with a header row. Every problem is a KqlError (`KQL_DATA`) naming the
 * file and, where there is one, the line.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { parse as parseCsv } from "csv-parse/sync";
import type { InputRow } from "../api-types.js";
import { KqlError } from "../errors.js";

export type LogFormat = "jsonl" | "json" | "csv";

function dataError(message: string, sourceName: string): KqlError {
  return new KqlError({ code: "KQL_DATA", message, sourceName });
}

/** The format a file name implies: `.jsonl`/`.ndjson` JSON Lines, `.json` an array, `.csv` CSV. */
export function formatFromPath(path: string): LogFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv")) return "csv";
  return undefined;
}

/** The table name a file gives by default: its base name up to the first dot (`AzureDiagnostics.2024.jsonl` -> `AzureDiagnostics`). */
export function tableNameFromPath(path: string): string {
  const base = basename(path);
  const dot = base.indexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/** A `--table` value: `Name=path` or just `path` (the name then comes from the file name). */
export function parseTableSpec(spec: string): { name: string; path: string } {
  const eq = spec.indexOf("=");
  // `C:\logs\x.jsonl` has no `=`; a name never contains a path separator.
  if (eq > 0 && !/[\\/]/.test(spec.slice(0, eq))) {
    const name = spec.slice(0, eq).trim();
    const path = spec.slice(eq + 1);
    if (path === "") throw dataError(`--table ${spec}: no file after '='`, "<arguments>");
    return { name, path };
  }
  return { name: tableNameFromPath(spec), path: spec };
}

function checkRow(v: unknown, where: string, sourceName: string): InputRow {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw dataError(`${where}: expected a JSON object (one row), found ${Array.isArray(v) ? "an array" : v === null ? "null" : typeof v}`, sourceName);
  }
  return v as InputRow;
}

/** Rows from JSON Lines text already in memory (blank lines skipped). */
export function rowsFromJsonl(text: string, sourceName: string): InputRow[] {
  const rows: InputRow[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    rows.push(parseJsonLine(line, i + 1, sourceName));
  }
  return rows;
}

function parseJsonLine(line: string, lineNo: number, sourceName: string): InputRow {
  let v: unknown;
  try {
    v = JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
  } catch (e) {
    throw dataError(`line ${lineNo}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`, sourceName);
  }
  return checkRow(v, `line ${lineNo}`, sourceName);
}

/** Rows from a JSON array of objects (or `{"rows": [...]}`). */
export function rowsFromJson(text: string, sourceName: string): InputRow[] {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw dataError(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`, sourceName);
  }
  if (typeof v === "object" && v !== null && !Array.isArray(v) && Array.isArray((v as { rows?: unknown }).rows)) v = (v as { rows: unknown[] }).rows;
  if (!Array.isArray(v)) throw dataError("a .json log file must hold an array of row objects (use .jsonl for one object per line)", sourceName);
  return v.map((row, i) => checkRow(row, `item ${i + 1}`, sourceName));
}

/** Rows from CSV with a header row; every value is text (columns get their types from the table's schema). */
export function rowsFromCsv(text: string, sourceName: string): InputRow[] {
  try {
    return parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }) as InputRow[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw dataError(`invalid CSV${err.lines ? ` at line ${err.lines}` : ""}: ${err.message.replace(/^Invalid Record Length: /, "")}`, sourceName);
  }
}

/** Reads a log file by its extension (or `format`). JSON Lines files are streamed line by line. */
export async function readLogFile(path: string, format?: LogFormat): Promise<InputRow[]> {
  const fmt = format ?? formatFromPath(path);
  if (!fmt) throw dataError("unknown log file type; use .jsonl (one JSON object per line), .json (an array) or .csv", path);
  try {
    if (fmt === "jsonl") return await streamJsonl(path);
    const text = await readFile(path, "utf8");
    return fmt === "json" ? rowsFromJson(text, path) : rowsFromCsv(text, path);
  } catch (e) {
    if (e instanceof KqlError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw dataError(`cannot read the file${code ? `: ${code}` : `: ${String(e)}`}`, path);
  }
}

async function streamJsonl(path: string): Promise<InputRow[]> {
  const rows: InputRow[] = [];
  const input = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = raw.trim();
      if (line !== "") rows.push(parseJsonLine(line, lineNo, path));
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return rows;
}
