/**
 * The micro-suite, in a process of its own (`npm run bench -- --micro`): one small query per operator,
 * each a whole runQuery over the generated AzureDiagnostics rows (1M, about 32 columns) and, for joins,
 * the generated indicators (100k); warm-up, then median of N after gc() and a pause. Queries end in
 * `count` so that the figure is the operator's, not the materialisation of a million result rows; one
 * case (`rows: true`) measures that materialisation itself, over 20k rows of every column. Each answer is
 * compared with the plain JavaScript one in micro-cases.ts, and a wrong answer fails the run.
 *
 *   node --expose-gc micro.js [runs]          (KQL_BENCH_MICRO=has,parse: only cases whose names contain a word)
 */
import { performance } from "node:perf_hooks";
import { answerOf, MICRO_CASES } from "./micro-cases.js";
import { loadApi, median, NOW, SCALES, seedData, settle } from "./scenario.js";

export interface MicroCase {
  name: string;
  query: string;
  medianMs: number;
  allMs: number[];
  /** Input rows per second (both sides for joins). */
  rowsPerSecond: number;
  resultRows: number;
  /** The answer was compared with micro-cases.ts's plain JavaScript one (and matched, or the run failed). */
  checked: boolean;
}
export interface MicroResult {
  rows: number;
  generateMs: number;
  cases: MicroCase[];
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const api = await loadApi();
  const g0 = performance.now();
  const data = seedData(SCALES.M!);
  const generateMs = performance.now() - g0;
  const tables = { ThreatIntelligenceIndicator: data.indicators, AzureDiagnostics: data.logs };
  // KQL_BENCH_MICRO=has,parse runs only the cases whose names contain one of the words.
  const only = process.env.KQL_BENCH_MICRO?.split(",").filter(Boolean);
  const cases: MicroCase[] = [];
  const wrong: string[] = [];
  for (const c of MICRO_CASES) {
    if (only && !only.some((w) => c.name.includes(w))) continue;
    await settle();
    let res = api.runQuerySync(c.query, tables, { now: NOW }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await settle();
      const t0 = performance.now();
      res = api.runQuerySync(c.query, tables, { now: NOW });
      times.push(performance.now() - t0);
    }
    const m = median(times);
    const inputRows = data.logs.length + (c.join ? data.indicators.length : 0);
    const count = answerOf(c, res);
    const expected = c.expected?.(data, NOW);
    if (expected !== undefined && expected !== count) wrong.push(`${c.name}: kql-replay gave ${count}, the plain JavaScript answer is ${expected}`);
    cases.push({ name: c.name, query: c.query, medianMs: m, allMs: times.map((t) => Math.round(t * 10) / 10), rowsPerSecond: inputRows / (m / 1000), resultRows: count, checked: expected !== undefined });
    process.stderr.write(`  micro ${c.name}: ${m.toFixed(0)} ms (count ${count}${expected === undefined ? ", not checked" : ", checked"})\n`);
  }
  if (wrong.length > 0) throw new Error(`micro-suite answers differ from the reference:\n  ${wrong.join("\n  ")}`);
  process.stdout.write(`RESULT ${JSON.stringify({ rows: data.logs.length, generateMs: Math.round(generateMs), cases } satisfies MicroResult)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
