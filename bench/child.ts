/**
 * One engine at one scale, in a process of its own (started by run.ts with --expose-gc): generates the
 * seed rule's data from the shared seed, runs the engine once to warm up and then five timed times, each
 * after a forced gc() and a pause, and prints one `RESULT {json}` line on stdout.
 *
 *   node --expose-gc child.js <kql-replay|handwritten|arquero> <S|M|L|XS> [runs]
 *
 * With KQL_BENCH_PROFILE=file.cpuprofile, the CPU profiler runs around the warm-up and timed runs only
 * (not the data generation, which would swamp the engine's share), and the profile is written there.
 */
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { answerOf, loadApi, mb, median, NOW, SCALES, seedData, seedRuleYaml, settle, type Answer } from "./scenario.js";
import { arqueroLoad, arqueroQuery, handwrittenSeedRule, OUTPUT_COLUMNS } from "./seed-engines.js";

export type EngineName = "kql-replay" | "handwritten" | "arquero";

export interface ChildResult {
  engine: EngineName;
  scale: string;
  runs: number;
  /** Median ms of the whole call (load + query where the engine separates them). */
  totalMs: number;
  loadMs?: number;
  queryMs?: number;
  allTotalMs: number[];
  generateMs: number;
  /** Heap used and RSS once the data is generated and collected: the input's own size. */
  dataHeapMb: number;
  dataRssMb: number;
  /** Peak RSS of the process over its life, and heap used right after the slowest run (before gc). */
  peakRssMb: number;
  heapAfterRunMb: number;
  rows: number;
  answer: Answer;
}

async function main(): Promise<void> {
  const [engine, scaleName, runsArg] = process.argv.slice(2) as [EngineName, string, string | undefined];
  const scale = SCALES[scaleName];
  if (!scale || !["kql-replay", "handwritten", "arquero"].includes(engine)) {
    throw new Error("usage: child.js <kql-replay|handwritten|arquero> <XS|S|M|L> [runs]");
  }
  const runs = Number(runsArg ?? 5);
  const api = engine === "kql-replay" ? await loadApi() : null;
  const yaml = seedRuleYaml();

  const g0 = performance.now();
  const data = seedData(scale);
  const generateMs = performance.now() - g0;
  await settle(500);
  const mem0 = process.memoryUsage();

  type Timing = { total: number; load?: number; query?: number; rows: Record<string, unknown>[]; columns?: string[] };
  const once = (): Timing => {
    if (engine === "kql-replay") {
      const t0 = performance.now();
      const res = api!.runQuerySync(yaml, { ThreatIntelligenceIndicator: data.indicators, AzureDiagnostics: data.logs }, { now: NOW });
      const total = performance.now() - t0;
      return { total, rows: res.rows, columns: res.columns.map((c) => c.name) };
    }
    if (engine === "handwritten") {
      const t0 = performance.now();
      const rows = handwrittenSeedRule(data.indicators, data.logs, NOW);
      return { total: performance.now() - t0, rows, columns: [...OUTPUT_COLUMNS] };
    }
    const t0 = performance.now();
    const tables = arqueroLoad(data.indicators, data.logs);
    const t1 = performance.now();
    const rows = arqueroQuery(tables, NOW);
    const t2 = performance.now();
    return { total: t2 - t0, load: t1 - t0, query: t2 - t1, rows, columns: [...OUTPUT_COLUMNS] };
  };

  const profilePath = process.env.KQL_BENCH_PROFILE;
  const session = profilePath ? new Session() : null;
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((res, rej) => session!.post(method, params ?? {}, (err, out) => (err ? rej(err) : res(out))));
  if (session) {
    session.connect();
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 500 });
    await post("Profiler.start");
  }

  let last = once(); // warm-up
  const timings: Timing[] = [];
  let heapAfterRun = 0;
  for (let i = 0; i < runs; i++) {
    await settle();
    last = once();
    heapAfterRun = Math.max(heapAfterRun, process.memoryUsage().heapUsed);
    timings.push(last);
    process.stderr.write(`  ${engine} ${scale.name} run ${i + 1}/${runs}: ${last.total.toFixed(0)} ms\n`);
  }
  if (session) {
    const { profile } = (await post("Profiler.stop")) as { profile: unknown };
    writeFileSync(profilePath!, JSON.stringify(profile));
    session.disconnect();
  }
  const result: ChildResult = {
    engine,
    scale: scale.name,
    runs,
    totalMs: median(timings.map((t) => t.total)),
    allTotalMs: timings.map((t) => Math.round(t.total * 10) / 10),
    generateMs: Math.round(generateMs),
    dataHeapMb: mb(mem0.heapUsed),
    dataRssMb: mb(mem0.rss),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapAfterRunMb: mb(heapAfterRun),
    rows: last.rows.length,
    answer: answerOf(last.rows, last.columns),
  };
  if (engine === "arquero") {
    result.loadMs = median(timings.map((t) => t.load!));
    result.queryMs = median(timings.map((t) => t.query!));
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
