/**
 * Where the seed rule's time goes, operator by operator, next to the hand-written pass's phases: one scale,
 * in a process of its own (`npm run bench -- --phases M`). kql-replay runs untraced with operator timings
 * (`PreparedQuery.execute`'s third argument: each plan node's own time, filters and the extends between them still run in one pass), plus
 * parse + bind and materialising the result rows; the hand-written pass times its four phases. Medians of
 * N runs after a warm-up, each after gc() and a pause.
 *
 *   node --expose-gc phases.js <S|M|L> [runs]
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { distDir, median, NOW, SCALES, seedData, seedRuleYaml, settle } from "./scenario.js";
import { handwrittenSeedRule, type HandwrittenPhases } from "./seed-engines.js";

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
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
