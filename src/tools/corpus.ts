/**
 * Parses every query of a rule corpus and reports how many the parser accepts.
 *
 *   node dist/tools/corpus.js <file.jsonl | rule.yaml | folder> [--min N] [--verbose]
 *
 * A JSONL file holds one record a line (`query`, `id`, `name`, `path`); a YAML file is one Sentinel rule
 * (its `query`); a folder is searched for *.yaml / *.yml rules. Prints each failure with --verbose, then
 * `parsed N of M (P%)`; exits 1 when --min is given and fewer than N queries parse.
 *
 * With `--run`, every query that parses is also bound and run over empty tables typed by `--schemas FILE`
 * (any schema form `loadSchemas` reads, e.g. ../shared/corpus/table-schemas.json): unknown names, type
 * errors and unsupported features show up here. Prints `ran N of M`, the failures grouped by message,
 * and exits 1 when `--min-run N` is given and fewer run.
 *
 * With `--differential` (and `--schemas`), every query is also run over generated rows for the tables it
 * names, untraced and traced (see differential.ts), and the two results must agree: prints `compared N`
 * with how many gave rows and any difference, and exits 1 on a difference.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { load as loadYaml } from "js-yaml";
import { KqlError } from "../errors.js";
import { parseQuery } from "../parser/index.js";
import { runQuerySync } from "../api.js";
import { loadSchemas, type Schemas } from "../sentinel/schemas.js";
import { compareTracedUntraced, rowsForQuery } from "./differential.js";

interface CorpusEntry {
  label: string;
  query: string;
}

function fromJsonl(path: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const rec = JSON.parse(line) as Record<string, unknown>;
    if (typeof rec["query"] !== "string") return;
    const label = [rec["id"], rec["path"] ?? rec["name"]].filter((x) => typeof x === "string" && x).join(" ") || `${path}:${i + 1}`;
    out.push({ label, query: rec["query"] });
  });
  return out;
}

function fromYaml(path: string): CorpusEntry[] {
  const doc = loadYaml(readFileSync(path, "utf8")) as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object" || typeof doc["query"] !== "string") return [];
  const id = typeof doc["id"] === "string" ? `${doc["id"]} ` : "";
  return [{ label: `${id}${path}`, query: doc["query"] }];
}

function collect(path: string): CorpusEntry[] {
  const st = statSync(path);
  if (st.isDirectory()) {
    const out: CorpusEntry[] = [];
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (statSync(child).isDirectory() || /\.ya?ml$/i.test(name)) out.push(...collect(child));
    }
    return out;
  }
  if (/\.jsonl$/i.test(path)) return fromJsonl(path);
  if (/\.ya?ml$/i.test(path)) return fromYaml(path);
  throw new Error(`don't know how to read ${path} (expected .jsonl, .yaml or a folder)`);
}

const USAGE =
  "usage: corpus <file.jsonl | rule.yaml | folder>... [--min N] [--run --schemas FILE [--min-run N]] [--differential] [--verbose]\n";

function main(argv: string[]): number {
  let min: number | undefined;
  let minRun: number | undefined;
  let run = false;
  let differential = false;
  let schemaPath: string | undefined;
  let verbose = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--verbose" || a === "-v") verbose = true;
    else if (a === "--min") min = Number(argv[++i]);
    else if (a.startsWith("--min=")) min = Number(a.slice(6));
    else if (a === "--run") run = true;
    else if (a === "--differential") differential = true;
    else if (a === "--schemas") schemaPath = argv[++i];
    else if (a === "--min-run") minRun = Number(argv[++i]);
    else if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith("-")) {
      process.stderr.write(`corpus: unknown option ${a}\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let entries: CorpusEntry[];
  try {
    entries = paths.flatMap(collect);
  } catch (e) {
    process.stderr.write(`corpus: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  let parsed = 0;
  // Build the parser (Chevrotain's grammar analysis) before timing, so the figure is the parse time.
  const tStart = performance.now();
  parseQuery("print 1");
  const startup = performance.now() - tStart;
  const t0 = performance.now();
  for (const entry of entries) {
    try {
      parseQuery(entry.query);
      parsed++;
    } catch (e) {
      if (!verbose) continue;
      if (e instanceof KqlError) {
        process.stdout.write(`FAIL ${entry.label} ${e.line}:${e.column}: ${e.detail}\n${e.codeFrame}\n`);
      } else {
        process.stdout.write(`FAIL ${entry.label}: ${String(e)}\n`);
      }
    }
  }
  const ms = performance.now() - t0;
  const total = entries.length;
  const pct = total === 0 ? 100 : (parsed / total) * 100;
  if (verbose) {
    const each = total ? (ms / total).toFixed(2) : "0";
    process.stdout.write(`time ${ms.toFixed(0)} ms (${each} ms a query; parser start-up ${startup.toFixed(0)} ms more)\n`);
  }
  process.stdout.write(`parsed ${parsed} of ${total} (${pct.toFixed(1)}%)\n`);
  if (min !== undefined && parsed < min) return 1;
  const schemas = schemaPath && (run || differential) ? loadSchemas(schemaPath) : {};
  if (run) {
    const ran = runAll(entries, schemas, verbose);
    if (minRun !== undefined && ran < minRun) return 1;
  }
  if (differential && compareAll(entries, schemas) > 0) return 1;
  return 0;
}

const NOW = "2026-01-01T00:00:00Z";

/** Every query over generated rows, untraced and traced; prints the differences and returns how many. */
function compareAll(entries: CorpusEntry[], schemas: Schemas): number {
  let compared = 0;
  let withRows = 0;
  let skipped = 0;
  let different = 0;
  const t0 = performance.now();
  for (const entry of entries) {
    const outcome = compareTracedUntraced(entry.query, rowsForQuery(entry.query, schemas, NOW), schemas, NOW);
    if (outcome.kind === "skipped") {
      skipped++;
      continue;
    }
    compared++;
    if (outcome.kind === "same") {
      if (outcome.rows > 0) withRows++;
      continue;
    }
    different++;
    process.stdout.write(`DIFFERENT ${entry.label}: ${outcome.detail}\n`);
  }
  const ms = performance.now() - t0;
  process.stdout.write(
    `compared ${compared} queries untraced and traced over generated rows (${withRows} gave rows; ${skipped} skipped: not binding or volatile) in ${ms.toFixed(0)} ms: ${different} different\n`,
  );
  return different;
}

/** Binds and runs every query over empty tables; prints `ran N of M` and the failures grouped by message. */
function runAll(entries: CorpusEntry[], schemas: Schemas, verbose: boolean): number {
  const reasons = new Map<string, number>();
  let ran = 0;
  const t0 = performance.now();
  for (const entry of entries) {
    try {
      runQuerySync(entry.query, {}, { schemas, now: NOW });
      ran++;
    } catch (e) {
      const err = e instanceof KqlError ? e : undefined;
      const key = err ? `${err.code} ${err.detail.replace(/'[^']*'/g, "'…'")}` : `CRASH ${String(e)}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
      if (verbose) process.stdout.write(`NOT RUN ${entry.label} ${err ? `${err.line}:${err.column}: ${err.detail}` : String(e)}\n`);
    }
  }
  const ms = performance.now() - t0;
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) process.stdout.write(`${String(n).padStart(5)}  ${reason}\n`);
  process.stdout.write(`ran ${ran} of ${entries.length} (${((ran / Math.max(1, entries.length)) * 100).toFixed(1)}%) over empty tables in ${ms.toFixed(0)} ms\n`);
  return ran;
}

process.exitCode = main(process.argv.slice(2));
