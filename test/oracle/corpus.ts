/**
 * `npm run oracle`: the differential test over the shared corpus (every Sentinel analytic rule, over
 * ../shared/corpus/table-schemas.json) and every documented example (../shared/conformance/docs-cases.jsonl).
 * Read at run time, never copied here.
 *
 *   npm run oracle -- [--shared DIR] [--min-syntax N] [--min-schema N] [--verbose] [--only corpus|docs]
 *
 * (`preoracle` compiles this file and the engine sources it imports to node_modules/.cache/kql-oracle.)
 *
 * Prints, for each set: syntax agreement N/M; schema agreement N/M over the queries both sides bind
 * without error; the skipped ones (Microsoft reports semantic errors); the disagreements grouped by kind,
 * with the explicit exceptions (exceptions.ts) listed apart. Exits 1 when a --min threshold is not met
 * (the thresholds apply to the sums over both sets, exceptions not counted as agreement).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadSchemas } from "../../src/sentinel/schemas.js";
import { compareQuery, formatCase, summarise, type CaseResult, type Outcome } from "./compare.js";
import { exceptionFor } from "./exceptions.js";
import { KustoOracle, type SchemaMap, type WorkspaceFunction } from "./kusto-language.js";

interface Case {
  id: string;
  query: string;
}

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const KINDS: Outcome[] = ["syntax-we-reject", "syntax-we-accept", "bind-we-fail", "schema-names", "schema-order", "schema-types", "no-ms-schema"];

function report(title: string, results: CaseResult[], verbose: boolean): { syntax: number; schema: number } {
  const excepted = new Map<string, CaseResult[]>();
  const kept: CaseResult[] = [];
  for (const r of results) {
    const ex = r.outcome === "match" || r.outcome === "both-reject" ? undefined : exceptionFor(r);
    if (ex) {
      const key = `${ex.kind} ${ex.id}: ${ex.reason}`;
      excepted.set(key, [...(excepted.get(key) ?? []), r]);
    } else kept.push(r);
  }
  const s = summarise(results);
  const out: string[] = [];
  out.push(`== ${title}: ${s.total} queries`);
  out.push(`syntax agreement ${s.syntaxAgree}/${s.total}`);
  out.push(`schema agreement ${s.schemaAgree}/${s.bothBind} (over queries both sides bind without error)`);
  const skipped = s.byOutcome.get("skip-ms-semantic") ?? [];
  const codes = new Map<string, number>();
  for (const r of skipped) for (const c of r.msCodes ?? []) codes.set(c, (codes.get(c) ?? 0) + 1);
  out.push(`skipped ${skipped.length} (Microsoft's binder reports semantic errors: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(", ")})`);
  const bindFail = s.byOutcome.get("bind-we-fail")?.length ?? 0;
  out.push(`we fail to bind ${bindFail} that Microsoft binds`);
  const grouped = summarise(kept).byOutcome;
  const unexplained = KINDS.reduce((n, k) => n + (grouped.get(k)?.length ?? 0), 0);
  out.push(`disagreements not explained by exceptions.ts: ${unexplained}`);
  for (const kind of KINDS) {
    const list = grouped.get(kind) ?? [];
    if (list.length === 0) continue;
    out.push(`-- ${kind}: ${list.length}`);
    for (const r of list) out.push(formatCase(r));
  }
  if (excepted.size > 0) {
    out.push(`-- explicit exceptions (exceptions.ts): ${[...excepted.values()].reduce((a, l) => a + l.length, 0)}`);
    for (const [key, list] of excepted) {
      out.push(`  ${key}: ${list.length}`);
      if (verbose) for (const r of list) out.push(`  ${formatCase(r)}`);
    }
  }
  if (verbose) {
    out.push(`-- skipped (Microsoft semantic errors):`);
    for (const r of skipped) out.push(formatCase(r));
  }
  process.stdout.write(out.join("\n") + "\n");
  return { syntax: s.syntaxAgree, schema: s.schemaAgree };
}

function main(argv: string[]): number {
  let shared = resolve("../shared");
  let minSyntax: number | undefined;
  let minSchema: number | undefined;
  let verbose = false;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--shared") shared = resolve(argv[++i]!);
    else if (a === "--min-syntax") minSyntax = Number(argv[++i]);
    else if (a === "--min-schema") minSchema = Number(argv[++i]);
    else if (a === "--only") only = argv[++i];
    else if (a === "--verbose" || a === "-v") verbose = true;
    else {
      process.stderr.write(`unknown argument ${a}\n`);
      return 2;
    }
  }
  const corpusPath = join(shared, "corpus/sentinel-analytic-rules.jsonl");
  const schemaPath = join(shared, "corpus/table-schemas.json");
  const docsPath = join(shared, "conformance/docs-cases.jsonl");
  for (const p of [corpusPath, schemaPath, docsPath]) {
    if (!existsSync(p)) {
      process.stderr.write(`not found: ${p} (pass --shared DIR)\n`);
      return 2;
    }
  }
  let syntax = 0;
  let schema = 0;
  if (only !== "docs") {
    const raw = JSON.parse(readFileSync(schemaPath, "utf8")) as { tables: Record<string, { columns: { name: string; type: string }[] }>; functions?: Record<string, WorkspaceFunction> };
    const ours: SchemaMap = loadSchemas(schemaPath);
    const tables: SchemaMap = Object.fromEntries(Object.entries(raw.tables).map(([t, d]) => [t, ours[t] ?? d.columns]));
    const oracle = new KustoOracle(tables, raw.functions ?? {});
    const cases: Case[] = readJsonl(corpusPath)
      .filter((r) => typeof r.query === "string")
      .map((r, i) => ({ id: `${String(r.id ?? i)} ${String(r.path ?? "")}`.trim(), query: r.query as string }));
    const results = cases.map((c) => compareQuery(oracle, c.id, c.query, ours));
    const r = report("corpus (Sentinel analytic rules)", results, verbose);
    syntax += r.syntax;
    schema += r.schema;
  }
  if (only !== "corpus") {
    const oracle = new KustoOracle({});
    const cases: Case[] = readJsonl(docsPath).map((r) => ({ id: String(r.id), query: String(r.query) }));
    const results = cases.map((c) => compareQuery(oracle, c.id, c.query, {}));
    const r = report("docs cases (KQL reference examples)", results, verbose);
    syntax += r.syntax;
    schema += r.schema;
  }
  process.stdout.write(`total: syntax agreement ${syntax}, schema agreement ${schema}\n`);
  let code = 0;
  if (minSyntax !== undefined && syntax < minSyntax) {
    process.stdout.write(`FAIL: syntax agreement ${syntax} < --min-syntax ${minSyntax}\n`);
    code = 1;
  }
  if (minSchema !== undefined && schema < minSchema) {
    process.stdout.write(`FAIL: schema agreement ${schema} < --min-schema ${minSchema}\n`);
    code = 1;
  }
  return code;
}

process.exitCode = main(process.argv.slice(2));
