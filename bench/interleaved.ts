/**
 * The seed rule at one scale in ONE process, engines taking turns run by run (gc and a pause before each),
 * so that a busy shared machine slows both sides of a ratio alike. `npm run bench` runs each engine in a
 * process of its own, one after the other, which is the setup; on a host whose load moves
 * minute to minute its ratios swing by ±15%. This gives the steadier figure next to it:
 *
 *   npm run bench -- --interleaved M                      kql-replay against the hand-written pass
 *   npm run bench -- --interleaved M --baseline-dist DIR  this build against another build's dist/ (an A/B of a change)
 *   npm run bench -- --interleaved M --no-gc              runs back to back, without the gc and pause before each
 *
 * Why --no-gc: a full gc between runs frees the optimized machine code of the closures a query compiles
 * (V8 holds optimized code weakly once the closures that ran it are garbage), so every run after one starts
 * its closures in the interpreter again and re-optimizes them; the hand-written functions live at module level
 * and keep theirs. Runs back to back show the engine as a process running query after query without a full
 * gc in between sees it; the default shows every run after a full gc, the worst case for the engine.
 *
 *   node --expose-gc interleaved.js <scale> <runs> [baseline-dist|-] [no-gc]
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { distDir, NOW, SCALES, seedData, seedRuleYaml, settle } from "./scenario.js";
import { handwrittenSeedRule } from "./seed-engines.js";

type ApiModule = typeof import("../src/api.js");

async function main(): Promise<void> {
  const [scaleName, runsArg, baselineArg, gcArg] = process.argv.slice(2);
  const baseline = baselineArg === "-" ? undefined : baselineArg;
  const gcBetweenRuns = gcArg !== "no-gc";
  const scale = SCALES[scaleName ?? "M"];
  if (!scale) throw new Error("usage: interleaved.js <XS|S|M|L> [runs] [baseline-dist]");
  const runs = Number(runsArg ?? 11);
  const load = async (dir: string): Promise<ApiModule> => (await import(pathToFileURL(join(dir, "api.js")).href)) as ApiModule;
  const api = await load(distDir());
  const data = seedData(scale);
  const tables = { ThreatIntelligenceIndicator: data.indicators, AzureDiagnostics: data.logs };
  const yaml = seedRuleYaml();
  const ours = (a: ApiModule) => (): number => a.runQuerySync(yaml, tables, { now: NOW }).rows.length;
  const contenders: [string, () => number][] = baseline
    ? [
        ["this build", ours(api)],
        [`baseline (${baseline})`, ours(await load(baseline))],
      ]
    : [
        ["kql-replay", ours(api)],
        ["hand-written", () => handwrittenSeedRule(data.indicators, data.logs, NOW).length],
      ];
  const times = contenders.map(() => [] as number[]);
  // Run -1 warms both up; after that the order alternates so neither always runs right after a gc of the other's garbage.
  for (let r = -1; r < runs; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      if (gcBetweenRuns) await settle(200);
      const t0 = performance.now();
      const rows = contenders[k]![1]();
      const ms = performance.now() - t0;
      if (r < 0) process.stderr.write(`  ${contenders[k]![0]}: ${rows} rows\n`);
      else times[k]!.push(ms);
    }
  }
  const stats = times.map((t) => {
    const s = [...t].sort((a, b) => a - b);
    return { median: s[s.length >> 1]!, best: s[0]!, all: t.map((x) => x.toFixed(0)).join(" ") };
  });
  const between = gcBetweenRuns ? "gc and a pause before every run" : "back to back, no gc between runs";
  console.log(`\nSeed rule at ${scale.name}, one process, ${runs} runs each taking turns (${between}):`);
  contenders.forEach(([name], k) => console.log(`  ${name.padEnd(40)} median ${stats[k]!.median.toFixed(0).padStart(6)} ms, best ${stats[k]!.best.toFixed(0).padStart(6)} ms  (${stats[k]!.all})`));
  console.log(`  ratio of medians ${(stats[0]!.median / stats[1]!.median).toFixed(2)}x, of bests ${(stats[0]!.best / stats[1]!.best).toFixed(2)}x`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
