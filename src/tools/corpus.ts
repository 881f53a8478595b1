/**
 * Parses every query of a rule corpus and reports how many the parser accepts.
 *
 *   node dist/tools/corpus.js <file.jsonl | rule.yaml | folder> [--min N] [--verbose]
 *
 * A JSONL file holds one record a line (`query`, `id`, `name`, `path`); a YAML file is one Sentinel rule
 * (its `query`); a folder is searched for *.yaml / *.yml rules. Prints each failure with --verbose, then
 * `parsed N of M (P%)`; exits 1 when --min is given and fewer than N queries parse.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { load as loadYaml } from "js-yaml";
import { KqlError } from "../errors.js";
import { parseQuery } from "../parser/index.js";

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

function main(argv: string[]): number {
  let min: number | undefined;
  let verbose = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--verbose" || a === "-v") verbose = true;
    else if (a === "--min") min = Number(argv[++i]);
    else if (a.startsWith("--min=")) min = Number(a.slice(6));
    else paths.push(a);
  }
  if (paths.length === 0) {
    process.stderr.write("usage: corpus <file.jsonl | rule.yaml | folder> [--min N] [--verbose]\n");
    return 2;
  }
  const entries = paths.flatMap(collect);
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
  return 0;
}

process.exitCode = main(process.argv.slice(2));
