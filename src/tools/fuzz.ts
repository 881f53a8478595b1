/**
 * The long fuzz run (`npm run fuzz`): mutated queries against the parser, binder and runtime, and random
 * typed tables against the runtime. Every case must give a result or a KqlError within the time bound;
 * anything else is printed with the input that caused it, and the exit code is 1.
 *
 *   node dist/tools/fuzz.js [--cases N] [--seed S] [--bound MS] [--corpus FILE.jsonl] [--schemas FILE]
 *
 * Seeds: the built-in SEED_QUERIES, plus every `query` of --corpus (default
 * ../shared/corpus/sentinel-analytic-rules.jsonl when present) bound against --schemas (default
 * ../shared/corpus/table-schemas.json when present).
 */
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { loadSchemas } from "../sentinel/schemas.js";
import type { SchemaMap } from "../api-types.js";
import { checkQuery, mutatedQueryArb, prototypesClean, randomTableArb, randomTextArb, SEED_QUERIES, SEED_SCHEMAS, SEED_TABLES, tableQueries, type CaseOutcome } from "./fuzz-lib.js";

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const cases = Number(arg("--cases", "5000"));
const seed = Number(arg("--seed", String(Date.now() % 2 ** 31)));
const bound = Number(arg("--bound", "5000"));
const corpusPath = arg("--corpus", "../shared/corpus/sentinel-analytic-rules.jsonl")!;
const schemasPath = arg("--schemas", "../shared/corpus/table-schemas.json")!;

const corpus: string[] = [];
if (existsSync(corpusPath)) {
  for (const line of readFileSync(corpusPath, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as { query?: unknown };
    if (typeof rec.query === "string") corpus.push(rec.query);
  }
}
const schemas: SchemaMap = { ...(existsSync(schemasPath) ? loadSchemas(schemasPath) : {}), ...SEED_SCHEMAS };
const seeds = [...SEED_QUERIES, ...corpus];

console.log(`fuzz: seed ${seed}, ${cases} cases per target, ${seeds.length} seed queries (${corpus.length} from ${corpus.length ? corpusPath : "no corpus"}), bound ${bound} ms`);

interface Finding {
  target: string;
  input: string;
  outcome: CaseOutcome;
}
const findings: Finding[] = [];
const counts: Record<string, Record<CaseOutcome["kind"], number>> = {};

function record(target: string, input: string, outcome: CaseOutcome): void {
  const c = (counts[target] ??= { result: 0, error: 0, crash: 0, slow: 0 });
  c[outcome.kind]++;
  if (outcome.kind === "crash" || outcome.kind === "slow" || !prototypesClean()) {
    const key = `${outcome.kind}:${(outcome.detail ?? "").split("\n")[0]}`;
    if (!findings.some((f) => `${f.outcome.kind}:${(f.outcome.detail ?? "").split("\n")[0]}` === key)) findings.push({ target, input, outcome });
  }
}

/** Prints one target's figures as soon as it is done, so a long run shows progress. */
function report(target: string): void {
  const c = counts[target] ?? { result: 0, error: 0, crash: 0, slow: 0 };
  const n = c.result + c.error + c.crash + c.slow;
  console.log(`  ${target.padEnd(24)} ${String(n).padStart(7)} cases: ${c.result} results, ${c.error} KqlErrors, ${c.crash} crashes, ${c.slow} over the bound (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

const started = Date.now();
const sample = <T>(arb: fc.Arbitrary<T>, n: number, offset: number): T[] => fc.sample(arb, { numRuns: n, seed: seed + offset });

// 1. Seeds themselves, unmutated, through the whole pipeline.
for (const q of seeds) record("seeds", q, checkQuery(q, { tables: SEED_TABLES, schemas, boundMs: bound }));
report("seeds");
// 2. Random text against the parser.
for (const q of sample(randomTextArb, cases, 1)) record("parser/random-text", q, checkQuery(q, { parseOnly: true, boundMs: bound }));
report("parser/random-text");
// 3. Mutated seeds against the parser, binder and runtime.
for (const q of sample(mutatedQueryArb(seeds), cases, 2)) record("pipeline/mutated", q, checkQuery(q, { tables: SEED_TABLES, schemas, boundMs: bound }));
report("pipeline/mutated");
// 4. Random typed tables against the runtime.
for (const t of sample(randomTableArb, Math.max(1, Math.floor(cases / 15)), 3)) {
  const tables = { T: t.rows };
  const tschemas = { T: t.schema };
  for (const q of tableQueries(t)) record("runtime/random-tables", `${q}\n-- schema ${JSON.stringify(t.schema)}, ${t.rows.length} rows`, checkQuery(q, { tables, schemas: tschemas, boundMs: bound }));
}
report("runtime/random-tables");

let total = 0;
for (const c of Object.values(counts)) total += c.result + c.error + c.crash + c.slow;
console.log(`fuzz: ${total} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, ${findings.length} distinct finding(s)`);
for (const f of findings) {
  console.log(`\n--- ${f.target}: ${f.outcome.kind} (${f.outcome.ms.toFixed(0)} ms)\n${f.outcome.detail ?? ""}\ninput: ${JSON.stringify(f.input.length > 2000 ? f.input.slice(0, 2000) + "…" : f.input)}`);
}
process.exitCode = findings.length > 0 ? 1 : 0;
