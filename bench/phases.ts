/**
 * Where the seed rule's time goes, operator by operator, next to the hand-written pass's phases: one scale,
 * in a process of its own (`npm run bench -- --phases M`). kql-replay runs untraced with operator timings
 * (`PreparedQuery.execute`'s third argument: each plan node's own time, filters and the extends between them still run in one pass), plus
 * parse + bind and materialising the result rows; the hand-written pass times its four phases. Then the
 * indicator side stage by stage (operators inside a fused pass have no time of their own). Medians of N runs
 * after a warm-up, each after gc() and a pause.
 *
 *   node --expose-gc phases.js <S|M|L> [runs]
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { distDir, median, NOW, SCALES, seedData, seedRuleYaml, settle } from "./scenario.js";
import { handwrittenSeedRule, type HandwrittenPhases } from "./seed-engines.js";
import { load } from "js-yaml";

type ApiModule = typeof import("../src/api.js");
type PlanModule = typeof import("../src/binder/plan.js");
type WhereModule = typeof import("../src/runtime/operators/where.js");
type PlanNode = import("../src/binder/plan.js").PlanNode;

async function main(): Promise<void> {
  const [scaleName, runsArg] = process.argv.slice(2);
  const scale = SCALES[scaleName ?? "M"];
  if (!scale) throw new Error("usage: phases.js <XS|S|M|L> [runs]");
  const runs = Number(runsArg ?? 5);
  const api = (await import(pathToFileURL(join(distDir(), "api.js")).href)) as ApiModule;
  const { planNodes } = (await import(pathToFileURL(join(distDir(), "binder", "plan.js")).href)) as PlanModule;
  const { nodesRunInPass } = (await import(pathToFileURL(join(distDir(), "runtime", "operators", "where.js")).href)) as WhereModule;
  const yaml = seedRuleYaml();
  const data = seedData(scale);
  const tables = { ThreatIntelligenceIndicator: data.indicators, AzureDiagnostics: data.logs };

  // Rows per operator from one traced run (a trace runs every filter on its own, so each has a count).
  const rowsOf = new Map<number, number>();
  api.prepareQuery(yaml, tables, { now: NOW }).execute((node, _inputs, output) => rowsOf.set(node.id, output.length));

  const perNode = new Map<number, number[]>();
  const prepare: number[] = [];
  const materialise: number[] = [];
  const total: number[] = [];
  let nodes: PlanNode[] = [];
  for (let r = -1; r < runs; r++) {
    await settle();
    const timings = new Map<number, number>();
    const t0 = performance.now();
    const prepared = api.prepareQuery(yaml, tables, { now: NOW });
    const t1 = performance.now();
    const table = prepared.execute(undefined, undefined, timings);
    const t2 = performance.now();
    api.materialize(table);
    const t3 = performance.now();
    if (r < 0) continue; // warm-up
    nodes = planNodes(prepared.plan);
    for (const n of nodes) {
      const list = perNode.get(n.id) ?? [];
      list.push(timings.get(n.id) ?? 0);
      perNode.set(n.id, list);
    }
    prepare.push(t1 - t0);
    materialise.push(t3 - t2);
    total.push(t3 - t0);
  }

  const hand: Record<keyof HandwrittenPhases, number[]> = { indicators: [], byIp: [], keyVaultRows: [], output: [] };
  const handTotal: number[] = [];
  for (let r = -1; r < runs; r++) {
    await settle();
    const phases: HandwrittenPhases = { indicators: 0, byIp: 0, keyVaultRows: 0, output: 0 };
    const t0 = performance.now();
    handwrittenSeedRule(data.indicators, data.logs, NOW, phases);
    const t = performance.now() - t0;
    if (r < 0) continue;
    for (const k of Object.keys(hand) as (keyof HandwrittenPhases)[]) hand[k].push(phases[k]);
    handTotal.push(t);
  }

  const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0)).padStart(7);
  console.log(`\nSeed rule at ${scale.name}: kql-replay per operator (own time, inputs excluded; median of ${runs} untraced runs)`);
  console.log(`${"operator".padEnd(46)}${"rows".padStart(9)}${"ms".padStart(7)}`);
  console.log(`${"parse + bind (prepareQuery)".padEnd(46)}${"".padStart(9)}${fmt(median(prepare))}`);
  const inPass = nodesRunInPass(nodes);
  for (const n of nodes) {
    const ms = median(perNode.get(n.id) ?? [0]);
    const merged = inPass.has(n.id);
    const label = `${n.op === "source" ? n.label : n.label.split(" ")[0]} [${n.id}]${merged ? " (run in the pass above)" : ""}`;
    console.log(`${label.padEnd(46)}${String(rowsOf.get(n.id) ?? "").padStart(9)}${fmt(ms)}`);
  }
  console.log(`${"result rows (materialize)".padEnd(46)}${"".padStart(9)}${fmt(median(materialise))}`);
  console.log(`${"total".padEnd(46)}${"".padStart(9)}${fmt(median(total))}`);
  console.log(`\nHand-written pass at ${scale.name}, per phase (median of ${runs}):`);
  console.log(
    `  indicator loop ${fmt(median(hand.indicators)).trim()} ms, by-IP map ${fmt(median(hand.byIp)).trim()} ms, Key Vault loop (filters, join probe, arg_max) ${fmt(median(hand.keyVaultRows)).trim()} ms, output rows ${fmt(median(hand.output)).trim()} ms; total ${fmt(median(handTotal)).trim()} ms`,
  );
  await indicatorStages(api, yaml, tables, runs, scale.name);
}

/**
 * The indicator side stage by stage: the rule's `IP_Indicators` cut after each of its operators and counted
 * (`| count`), each a whole runQuery, so the difference between two lines is what that operator adds. Inside
 * the fused pass operators have no time of their own; this is how their share is seen.
 */
async function indicatorStages(api: ApiModule, yaml: string, tables: Record<string, unknown[]>, runs: number, scaleName: string): Promise<void> {
  const query = (load(yaml) as { query: string }).query;
  const head = "let IP_Indicators = ";
  const start = query.indexOf(head);
  const end = query.indexOf(";", query.indexOf("now()", start));
  if (start < 0 || end < 0) throw new Error("bench: the seed rule's IP_Indicators statement was not found");
  const [source, ...ops] = query.slice(start + head.length, end).split(/\n(?=\|)/);
  const stageQueries = ops.map((_, k) => `${query.slice(0, start)}${source!}\n${ops.slice(0, k + 1).join("\n")}\n| count`);
  const times = stageQueries.map(() => [] as number[]);
  const counts: unknown[] = [];
  for (let r = -1; r < runs; r++) {
    for (let k = 0; k < stageQueries.length; k++) {
      await settle();
      const t0 = performance.now();
      const result = api.runQuerySync(stageQueries[k]!, tables as Parameters<ApiModule["runQuerySync"]>[1], { now: NOW });
      const ms = performance.now() - t0;
      if (r < 0) counts.push(result.rows[0]?.["Count"]);
      else times[k]!.push(ms);
    }
  }
  console.log(`\nThe indicator side stage by stage at ${scaleName} (each line a whole runQuery of IP_Indicators cut there | count; median of ${runs}):`);
  let previous = 0;
  ops.forEach((op, k) => {
    const ms = median(times[k]!);
    const label = op.replace(/\s+/g, " ").slice(0, 70);
    console.log(`  ${label.padEnd(72)}${String(counts[k]).padStart(8)} rows ${ms.toFixed(1).padStart(7)} ms  (+${(ms - previous).toFixed(1)})`);
    previous = ms;
  });
  console.log("  (a pass starts at a filter: a stage cut after an extend runs its extends after the filters' pass, not in it)");
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
