/**
 * Start-up figures, in a process of its own (run.ts starts it):
 *  - importing the built library (dist/index.js) in a fresh node, then its first runQuery (the seed rule over
 *    empty tables: lexer and parser built, the query parsed and bound for the first time), median of 5 processes;
 *  - parse + bind (`prepareQuery`) of every rule in /work/shared/corpus/sentinel-analytic-rules.jsonl
 *    (or $KQL_BENCH_CORPUS) against the corpus's table schemas, the first pass in this process (cold:
 *    parser start-up included) and a second pass (warm); failures are counted, everything is timed;
 *  - a warm runQuery of the seed rule over empty tables (built-in schemas), median over 1000 calls.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { distDir, loadApi, median, NOW, seedRuleYaml } from "./scenario.js";

export interface StartupResult {
  importMs: number;
  importAllMs: number[];
  /** The first runQuery in those fresh processes, after the import. */
  firstQueryMs: number;
  corpus?: { path: string; rules: number; failures: number; schemaLoadMs: number; totalMs: number; warmTotalMs: number; failureSamples: string[] };
  warmEmptyMs: number;
}

/** Per fresh process: the import's time, and its first runQuery's (the seed rule over empty tables). */
function freshProcessTimes(n: number): { importMs: number; firstQueryMs: number }[] {
  const entry = pathToFileURL(join(distDir(), "index.js")).href;
  const script = [
    `const t0 = performance.now(); const api = await import(${JSON.stringify(entry)}); const t1 = performance.now();`,
    `api.runQuerySync(process.env.KQL_BENCH_RULE, {}, { now: ${JSON.stringify(NOW)} });`,
    `console.log("IMPORT " + (t1 - t0) + " " + (performance.now() - t1));`,
  ].join("\n");
  const env = { ...process.env, KQL_BENCH_RULE: seedRuleYaml() };
  const out: { importMs: number; firstQueryMs: number }[] = [];
  for (let i = 0; i < n; i++) {
    const res = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env });
    const line = res.stdout.split("\n").find((l) => l.startsWith("IMPORT "));
    if (res.status !== 0 || !line) throw new Error(`bench: importing ${entry} and running the seed rule failed: ${res.stderr}`);
    const [importMs, firstQueryMs] = line.slice(7).split(" ").map(Number);
    out.push({ importMs: importMs!, firstQueryMs: firstQueryMs! });
  }
  return out;
}

async function main(): Promise<void> {
  const fresh = freshProcessTimes(5);
  const importAll = fresh.map((f) => f.importMs);
  const api = await loadApi();
  const result: StartupResult = { importMs: median(importAll), importAllMs: importAll.map((x) => Math.round(x * 10) / 10), firstQueryMs: median(fresh.map((f) => f.firstQueryMs)), warmEmptyMs: 0 };

  const corpusDir = process.env.KQL_BENCH_CORPUS ?? "/work/shared/corpus";
  const corpusFile = join(corpusDir, "sentinel-analytic-rules.jsonl");
  const schemaFile = join(corpusDir, "table-schemas.json");
  if (existsSync(corpusFile)) {
    const queries = readFileSync(corpusFile, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { query?: unknown }).query)
      .filter((q): q is string => typeof q === "string");
    const s0 = performance.now();
    const schemas = existsSync(schemaFile) ? api.schemasFromJson(JSON.parse(readFileSync(schemaFile, "utf8")), schemaFile) : {};
    const schemaLoadMs = performance.now() - s0;
    const pass = (): { ms: number; failures: string[] } => {
      const failures: string[] = [];
      const t0 = performance.now();
      for (const q of queries) {
        try {
          api.prepareQuery(q, {}, { now: NOW, schemas });
        } catch (err) {
          failures.push(err instanceof Error ? err.message.split("\n")[0]! : String(err));
        }
      }
      return { ms: performance.now() - t0, failures };
    };
    const cold = pass();
    const warm = pass();
    result.corpus = { path: corpusFile, rules: queries.length, failures: cold.failures.length, schemaLoadMs: Math.round(schemaLoadMs), totalMs: cold.ms, warmTotalMs: warm.ms, failureSamples: cold.failures.slice(0, 5) };
  }

  const yaml = seedRuleYaml();
  for (let i = 0; i < 200; i++) api.runQuerySync(yaml, {}, { now: NOW });
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    api.runQuerySync(yaml, {}, { now: NOW });
    times.push(performance.now() - t0);
  }
  result.warmEmptyMs = median(times);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
