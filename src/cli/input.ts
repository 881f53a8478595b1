/**
 * Reading log files for the CLI: JSON Lines (streamed: only the rows and the unfinished line of the last
 * 1 MB block are held, so files larger than a string can hold still load, with no second copy of the rows),
 * a JSON array of objects, or CSV with a header row. Every problem is a KqlError (`KQL_DATA`) naming the
 * file and, where there is one, the line.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { StringDecoder } from "node:string_decoder";
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

/**
 * JSON Lines parsed as the text arrives, in chunks cut anywhere: every line a chunk completes becomes a row
 * at once, and only the unfinished last line is kept for the next chunk. Lines end at `\n` (a `\r` before
 * it is trimmed with the other surrounding whitespace); blank lines are skipped.
 */
export class JsonlReader {
  readonly rows: InputRow[] = [];
  private tail = "";
  private lineNo = 0;

  constructor(private readonly sourceName: string) {}

  /** Characters held for a line not yet finished. */
  get pending(): number {
    return this.tail.length;
  }

  push(chunk: string): void {
    // Only the new chunk is searched, never the held tail, so a line longer than many chunks costs no re-scan.
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl !== -1; nl = chunk.indexOf("\n", start)) {
      this.line(this.tail + chunk.slice(start, nl));
      this.tail = "";
      start = nl + 1;
    }
    this.tail += chunk.slice(start);
  }

  /** Parses what is left (a last line without `\n`) and returns all the rows. */
  end(): InputRow[] {
    if (this.tail !== "") this.line(this.tail);
    this.tail = "";
    return this.rows;
  }

  private line(raw: string): void {
    this.lineNo++;
    const line = raw.trim();
    if (line !== "") this.rows.push(parseJsonLine(line, this.lineNo, this.sourceName));
  }
}

/** Rows from JSON Lines text already in memory (blank lines skipped). */
export function rowsFromJsonl(text: string, sourceName: string): InputRow[] {
  const reader = new JsonlReader(sourceName);
  reader.push(text);
  return reader.end();
}

/**
 * How much UTF-8 is decoded into one string: V8 puts strings over about 128 KB in large-object space, and
 * decoding a 1 MB block into one costs three times as much as decoding it in 64 KB pieces.
 */
const DECODE_PIECE_BYTES = 64 * 1024;

/**
 * Rows from JSON Lines arriving in chunks, text or UTF-8 bytes (a file stream): each chunk is parsed
 * before the next is asked for, so a bad line stops the read there, and no chunk is kept once its lines
 * are rows. Bytes are decoded in 64 KB pieces; a character cut at a chunk's end is completed by the next.
 */
export async function rowsFromJsonlChunks(chunks: AsyncIterable<string | Uint8Array>, sourceName: string): Promise<InputRow[]> {
  const reader = new JsonlReader(sourceName);
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) {
    if (typeof chunk === "string") reader.push(chunk);
    else for (let off = 0; off < chunk.length; off += DECODE_PIECE_BYTES) reader.push(decoder.write(chunk.subarray(off, off + DECODE_PIECE_BYTES)));
  }
  reader.push(decoder.end());
  return reader.end();
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

/** The block size JSON Lines files are read in: large enough that per-block costs vanish, small next to the rows. */
export const JSONL_BLOCK_BYTES = 1 << 20;

async function streamJsonl(path: string): Promise<InputRow[]> {
  // (not node:readline: its per-line regex split and async events cost about a third of JSON.parse itself)
  // Bytes, not text: rowsFromJsonlChunks decodes them in pieces small enough to decode fast.
  const input = createReadStream(path, { highWaterMark: JSONL_BLOCK_BYTES });
  try {
    return await rowsFromJsonlChunks(input, path);
  } finally {
    input.destroy();
  }
}
