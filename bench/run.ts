/**
 * `npm run bench`: the seed rule at scales S and M (L with --scale), each engine in its own child process,
 * checked to agree, with medians, ratios, memory and the issue's targets; plus start-up figures.
 *
 *   npm run bench                       seed rule at S and M, then start-up figures
 *   npm run bench -- --scale S,M,L      add scale L (1M + 5M rows; children get an 18 GB heap)
 *   npm run bench -- --micro            the micro-suite (1M rows per operator) only
 *   npm run bench -- --startup          start-up figures only
 *   npm run bench -- --all              seed rule, micro-suite and start-up
 *   npm run bench -- --cli              the CLI (`kql-replay run` over JSONL files) against reading + parsing the files, at S and M
 *   npm run bench -- --curve            seed rule at S and M (L with --scale S,M,L): time per row per scale, kql-replay and hand-written
 *   npm run bench -- --curve --cli      the same curve with the CLI and its baseline added
 *   npm run bench -- --profile M        only profile the kql-replay child at M (CPU profiler around the runs) and list top self time
 *   npm run bench -- --phases M         only the seed rule's time per operator at M (untraced operator timings) next to the hand-written pass's phases,
 *                                       then the indicator side stage by stage (IP_Indicators cut after each operator)
 *   npm run bench -- --interleaved M    only the seed rule at M with kql-replay and the hand-written pass taking turns in one process (steadier ratios
 *                                       on a busy host); add --baseline-dist DIR to compare this build with another build's dist/ instead,
 *                                       --no-gc to run back to back (no gc between runs: see bench/interleaved.ts)
 *   npm run bench -- --rows json        any of the above with each row as JSON.parse gives it back (as read from a JSONL file)
 *                                       instead of as the generator builds it (see rowShape in bench/scenario.ts)
 *   npm run bench -- --runs 3 --engines kql-replay,handwritten --json out.json
 *
 * --cli, --curve, --micro, --startup, --profile, --phases and --interleaved each run only what they name (--cli and --curve combine).
 * Exits non-zero when the engines (or the CLI and the in-memory engine) disagree (a benchmark of wrong answers is worthless); missed
 * performance targets are reported, not fatal.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildResult, EngineName } from "./child.js";
import { printCliReport, runCliScale, type CliReport } from "./cli.js";
import type { MicroResult } from "./micro.js";
import { summariseProfile } from "./profile-summary.js";
import { handwrittenVerdict, ratioText, rowShape, SCALES, repoRoot } from "./scenario.js";
import type { StartupResult } from "./startup.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ENGINES: EngineName[] = ["handwritten", "kql-replay", "arquero"];

interface Args {
  scales: string[];
  seed: boolean;
  micro: boolean;
  startup: boolean;
  runs: number;
  engines: EngineName[];
  json?: string;
  profile?: string;
  phases?: string;
  interleaved?: string;
  baselineDist?: string;
  /** --no-gc: interleaved runs back to back, without a gc before each. */
  noGc?: boolean;
  cli: boolean;
  curve: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { scales: ["S", "M"], seed: true, micro: false, startup: true, runs: 5, engines: ENGINES, cli: false, curve: false };
  let only: "micro" | "startup" | "profile" | "phases" | "interleaved" | null = null;
  let enginesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${a} needs a value`);
      return v;
    };
    if (a === "--scale" || a === "--scales") args.scales = value().toUpperCase().split(",");
    else if (a === "--micro") only = "micro";
    else if (a === "--startup") only = "startup";
    else if (a === "--all") args.micro = true;
    else if (a === "--runs") args.runs = Number(value());
    else if (a === "--engines") {
      args.engines = value().split(",") as EngineName[];
      enginesGiven = true;
    } else if (a === "--cli") args.cli = true;
    else if (a === "--curve") args.curve = true;
    else if (a === "--json") args.json = value();
    else if (a === "--profile") {
      args.profile = value().toUpperCase();
      only = "profile";
    } else if (a === "--phases") {
      args.phases = value().toUpperCase();
      only = "phases";
    } else if (a === "--interleaved") {
      args.interleaved = value().toUpperCase();
      only = "interleaved";
    } else if (a === "--baseline-dist") args.baselineDist = value();
    else if (a === "--no-gc") args.noGc = true;
    else if (a === "--rows") {
      // Read by every child through scenario.ts's rowShape(); checked here so a typo fails before any run.
      process.env.KQL_BENCH_ROWS = value();
      rowShape();
    }
    else throw new Error(`bench: unknown argument ${a}`);
  }
  if (only === "micro") Object.assign(args, { seed: false, micro: true, startup: false });
  if (only === "profile" || only === "phases" || only === "interleaved") Object.assign(args, { seed: false, micro: false, startup: false });
  if (args.interleaved && !SCALES[args.interleaved]) throw new Error(`bench: unknown scale ${args.interleaved}`);
  if (args.baselineDist && !args.interleaved) throw new Error("bench: --baseline-dist goes with --interleaved");
  if (args.noGc && !args.interleaved) throw new Error("bench: --no-gc goes with --interleaved");
  if (args.profile && !SCALES[args.profile]) throw new Error(`bench: unknown scale ${args.profile}`);
  if (args.phases && !SCALES[args.phases]) throw new Error(`bench: unknown scale ${args.phases}`);
  if (only === "startup") Object.assign(args, { seed: false, micro: false, startup: true });
  if (only !== null && (args.cli || args.curve)) throw new Error("bench: --cli and --curve do not combine with --micro, --startup, --profile, --phases or --interleaved");
  if (args.cli || args.curve) {
    // The curve is the seed rule's; the CLI alone needs no in-memory engine runs beyond its own check.
    Object.assign(args, { seed: args.curve, micro: false, startup: false });
    if (args.curve && !enginesGiven) args.engines = ["kql-replay", "handwritten"];
  }
  for (const s of args.scales) if (!SCALES[s]) throw new Error(`bench: unknown scale ${s} (XS, S, M, L)`);
  for (const e of args.engines) if (!ENGINES.includes(e)) throw new Error(`bench: unknown engine ${e}`);
  return args;
}

/** Runs a bench script in a fresh node with --expose-gc and returns its RESULT line, parsed. */
function runChild<T>(script: string, args: string[], nodeFlags: string[] = []): T {
  const res = spawnSync(process.execPath, ["--expose-gc", ...nodeFlags, join(HERE, script), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = (res.stdout ?? "").split("\n").find((l) => l.startsWith("RESULT "));
  if (res.status !== 0 || !line) throw new Error(`bench: ${script} ${args.join(" ")} failed (exit ${String(res.status)}${res.signal ? `, ${res.signal}` : ""})`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

function machine(): string {
  const [l1, l5, l15] = loadavg().map((x) => x.toFixed(2));
  return `${cpus().length} cpus (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), node ${process.version}, load average ${l1} ${l5} ${l15}`;
}

const fmt = (ms: number | undefined): string => (ms === undefined ? "-" : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const ratio = (x: number): string => `${x.toFixed(2)}x`;

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 || c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
}

/** All engines must return the same alert keys and output columns; returns the problems found. */
function compareAnswers(results: ChildResult[]): string[] {
  const problems: string[] = [];
  const ref = results.find((r) => r.engine === "handwritten") ?? results[0]!;
  for (const r of results) {
    if (r === ref) continue;
    if (r.answer.columns.join(",") !== ref.answer.columns.join(",")) {
      problems.push(`${r.engine} at ${r.scale}: columns differ from ${ref.engine}: [${r.answer.columns.join(", ")}] vs [${ref.answer.columns.join(", ")}]`);
    }
    const mine = new Set(r.answer.keys);
    const theirs = new Set(ref.answer.keys);
    const missing = ref.answer.keys.filter((k) => !mine.has(k));
    const extra = r.answer.keys.filter((k) => !theirs.has(k));
    if (missing.length || extra.length || r.answer.keys.length !== ref.answer.keys.length) {
      problems.push(
        `${r.engine} at ${r.scale}: ${r.answer.keys.length} alerts vs ${ref.engine}'s ${ref.answer.keys.length}; ` +
          `missing ${missing.length} (e.g. ${missing.slice(0, 3).join("; ")}), extra ${extra.length} (e.g. ${extra.slice(0, 3).join("; ")})`,
      );
    }
  }
  return problems;
}

/** How many alert rows agree in every column with the hand-written pass (innerunique's choice may differ). */
function fullRowAgreement(a: ChildResult, ref: ChildResult): string {
  let same = 0;
  for (const k of ref.answer.keys) if (a.answer.rows[k] === ref.answer.rows[k]) same++;
  return `${same}/${ref.answer.keys.length}`;
}

interface SeedReport {
  scale: string;
  results: ChildResult[];
  ratios: Record<string, number>;
  targets: { name: string; value: number; limit: number; hard?: number; verdict: string }[];
}

function runSeed(args: Args, reports: SeedReport[]): boolean {
  let ok = true;
  for (const scale of args.scales) {
    const heap = SCALES[scale]!.heapMb;
    const results: ChildResult[] = [];
    for (const engine of args.engines) {
      process.stderr.write(`seed rule, ${engine} at ${scale} (own process, --max-old-space-size=${heap})\n`);
      results.push(runChild<ChildResult>("child.js", [engine, scale, String(args.runs)], [`--max-old-space-size=${heap}`]));
    }
    const problems = compareAnswers(results);
    if (problems.length) {
      ok = false;
      console.error(`\n*** ENGINES DISAGREE at ${scale} ***\n${problems.join("\n")}\n`);
    }
    const by = (e: EngineName): ChildResult | undefined => results.find((r) => r.engine === e);
    const ours = by("kql-replay");
    const hand = by("handwritten");
    const arq = by("arquero");
    const ratios: Record<string, number> = {};
    const targets: SeedReport["targets"] = [];
    if (ours && hand) {
      ratios.oursToHandwritten = ours.totalMs / hand.totalMs;
      const v = ratios.oursToHandwritten;
      targets.push({ name: "kql-replay / hand-written <= 1.5x (hard limit 2x)", value: v, limit: 1.5, hard: 2, verdict: handwrittenVerdict(scale, v) });
    }
    if (ours && arq) {
      ratios.oursToArquero = ours.totalMs / arq.totalMs;
      const v = ratios.oursToArquero;
      targets.push({ name: "kql-replay / arquero load+query <= 0.5x", value: v, limit: 0.5, verdict: v <= 0.5 ? "PASS" : "FAIL" });
    }
    reports.push({ scale, results, ratios, targets });

    const sc = SCALES[scale]!;
    console.log(`\nSeed rule at ${scale}: ${sc.indicators.toLocaleString("en-US")} indicators + ${sc.logs.toLocaleString("en-US")} AzureDiagnostics rows, ${results[0]?.rows ?? 0} alerts; median of ${args.runs} after a warm-up`);
    const table: string[][] = [["engine", "scale", "median ms", "load ms", "query ms", "vs hand", "ours/arquero", "peak RSS MB", "data heap MB", "heap after run MB", "rows", "all runs ms", "same rows as hand"]];
    for (const r of results) {
      table.push([
        r.engine,
        r.scale,
        fmt(r.totalMs),
        fmt(r.loadMs),
        fmt(r.queryMs ?? r.totalMs),
        hand ? ratio(r.totalMs / hand.totalMs) : "-",
        r.engine === "kql-replay" && arq ? ratio(r.totalMs / arq.totalMs) : "-",
        String(r.peakRssMb),
        String(r.dataHeapMb),
        String(r.heapAfterRunMb),
        String(r.rows),
        r.allTotalMs.map((x) => fmt(x)).join(" "),
        hand && r !== hand ? fullRowAgreement(r, hand) : "-",
      ]);
    }
    console.log(pad(table));
    for (const t of targets) console.log(`  target ${t.name}: ${ratioText(t.value, t.limit)}x -> ${t.verdict}`);
    console.log(`  answers: ${problems.length ? "ENGINES DISAGREE" : `all engines agree on ${results[0]?.answer.keys.length ?? 0} (ClientIP, KeyVaultEvents_TimeGenerated) keys and the output columns`}`);
  }
  if (!args.curve && args.scales.length > 1 && reports.length > 1) {
    console.log("\nScaling (median ms per 100k Key Vault rows):");
    const table: string[][] = [["engine", "", ...reports.map((r) => r.scale)]];
    for (const e of args.engines) {
      table.push([e, "", ...reports.map((r) => {
        const res = r.results.find((x) => x.engine === e);
        return res ? `${fmt(res.totalMs)} ms (${fmt((res.totalMs / SCALES[r.scale]!.logs) * 100_000)})` : "-";
      })]);
    }
    console.log(pad(table));
  }
  return ok;
}

/**
 * Time per input row (indicators + Key Vault rows) at each scale, and each scale's per-row time over the
 * smallest scale's: 1.00 everywhere is linear growth, above 1 grows faster than the rows.
 */
function printCurve(seed: SeedReport[], cli: CliReport[], engines: readonly EngineName[]): void {
  const scales = [...new Set([...seed.map((r) => r.scale), ...cli.map((r) => r.scale)])];
  const rowsAt = (scale: string): number => SCALES[scale]!.indicators + SCALES[scale]!.logs;
  const lines: { name: string; ms: (scale: string) => number | undefined }[] = engines.map((e) => ({
    name: e === "handwritten" ? "hand-written pass" : e === "kql-replay" ? "kql-replay runQuerySync" : e,
    ms: (scale: string) => seed.find((r) => r.scale === scale)?.results.find((x) => x.engine === e)?.totalMs,
  }));
  if (cli.length) {
    const cliMs = (name: string) => (scale: string) => cli.find((r) => r.scale === scale)?.processes.find((p) => p.name === name)?.medianMs;
    lines.push({ name: "CLI: kql-replay run (process)", ms: cliMs("cli-run") }, { name: "CLI baseline: read + JSON.parse (process)", ms: cliMs("baseline") });
  }
  console.log("\nCurve: median time per input row (indicators + Key Vault rows), ns; in brackets the per-row time over the first scale's (1.00 = linear)");
  const table: string[][] = [["", "", ...scales.map((s) => `${s} (${rowsAt(s).toLocaleString("en-US")} rows)`)]];
  for (const line of lines) {
    const first = scales.map((s) => line.ms(s)).find((x) => x !== undefined);
    const firstScale = scales.find((s) => line.ms(s) !== undefined);
    table.push([line.name, "", ...scales.map((s) => {
      const ms = line.ms(s);
      if (ms === undefined || first === undefined || firstScale === undefined) return "-";
      const perRow = (ms * 1e6) / rowsAt(s);
      const growth = perRow / ((first * 1e6) / rowsAt(firstScale));
      return `${fmt(ms)} ms = ${perRow.toFixed(0)} ns/row (${growth.toFixed(2)})`;
    })]);
  }
  console.log(pad(table));
}

function runProfile(scale: string, runs: number): void {
  const dir = join(repoRoot(), "node_modules", ".cache", "kql-bench", "profiles");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `kql-replay-${scale}.cpuprofile`);
  rmSync(file, { force: true });
  process.stderr.write(`profiling kql-replay at ${scale} (CPU profiler around the runs only, into ${file})\n`);
  process.env.KQL_BENCH_PROFILE = file;
  try {
    runChild<ChildResult>("child.js", ["kql-replay", scale, String(runs)], [`--max-old-space-size=${SCALES[scale]!.heapMb}`]);
  } finally {
    delete process.env.KQL_BENCH_PROFILE;
  }
  console.log(`\nProfile of the kql-replay child at ${scale} (warm-up + ${runs} runs, data generation excluded), top self time (${file}):`);
  console.log(summariseProfile(file, 30));
}

/** The per-operator table of bench/phases.ts, printed as the child prints it. */
function runPhases(scale: string, runs: number): void {
  process.stderr.write(`seed rule per operator at ${scale} (own process)\n`);
  const r = spawnSync(process.execPath, ["--expose-gc", `--max-old-space-size=${SCALES[scale]!.heapMb}`, join(HERE, "phases.js"), scale, String(runs)], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench: phases.js failed (${r.status ?? r.signal})`);
  process.stdout.write(r.stdout);
}

/** The seed rule with kql-replay and the hand-written pass (or two builds) taking turns in one process (bench/interleaved.ts). */
function runInterleaved(scale: string, runs: number, baselineDist: string | undefined, noGc: boolean): void {
  process.stderr.write(`seed rule at ${scale}, engines taking turns in one process\n`);
  const args = [join(HERE, "interleaved.js"), scale, String(runs), baselineDist ? resolve(baselineDist) : "-", ...(noGc ? ["no-gc"] : [])];
  const r = spawnSync(process.execPath, ["--expose-gc", `--max-old-space-size=${SCALES[scale]!.heapMb + 2048}`, ...args], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench: interleaved.js failed (${r.status ?? r.signal})`);
  process.stdout.write(r.stdout);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  console.log(`kql-replay benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${machine()}`);
  console.log("note: the machine may be shared with other processes; the ratios (measured in the same run) matter more than the absolute times");
  console.log(`rows: ${rowShape() === "json" ? "each row as JSON.parse gives it back (as read from a JSONL file; --rows json)" : "as the generator builds them (--rows json: as read from a JSONL file)"}`);
  let ok = true;
  const out: { machine: string; seed?: SeedReport[]; cli?: CliReport[]; micro?: MicroResult; startup?: StartupResult; machineAfter?: string } = { machine: machine() };
  if (args.seed) {
    out.seed = [];
    ok = runSeed(args, out.seed) && ok;
  }
  if (args.cli) {
    out.cli = [];
    for (const scale of args.scales) {
      const r = runCliScale(scale, args.runs);
      out.cli.push(r);
      printCliReport(r, args.runs, pad);
      if (r.problems.length) ok = false;
    }
  }
  if (args.curve) printCurve(out.seed ?? [], out.cli ?? [], args.engines);
  if (args.profile) runProfile(args.profile, args.runs);
  if (args.phases) runPhases(args.phases, args.runs);
  if (args.interleaved) runInterleaved(args.interleaved, args.runs, args.baselineDist, args.noGc === true);
  if (args.micro) {
    process.stderr.write("micro-suite (own process)\n");
    out.micro = runChild<MicroResult>("micro.js", [String(args.runs)], ["--max-old-space-size=6144"]);
    console.log(`\nMicro-suite: each a whole runQuery over ${out.micro.rows.toLocaleString("en-US")} generated rows, median of ${args.runs} after a warm-up`);
    const table: string[][] = [["case", "query", "median ms", "M rows/s", "answer", "all runs ms"]];
    for (const c of out.micro.cases) {
      const answer = `${c.resultRows}${c.checked ? " (checked)" : ""}`;
      table.push([c.name, c.query, fmt(c.medianMs), (c.rowsPerSecond / 1e6).toFixed(2), answer, c.allMs.map((x) => fmt(x)).join(" ")]);
    }
    console.log(pad(table));
  }
  if (args.startup) {
    process.stderr.write("start-up figures (own processes)\n");
    out.startup = runChild<StartupResult>("startup.js", []);
    const s = out.startup;
    console.log("\nStart-up:");
    const table: string[][] = [["figure", "", "value", "target", "verdict"]];
    table.push(["import dist/index.js (fresh process, median of 5)", "", `${fmt(s.importMs)} ms`, "< 150 ms", s.importMs < 150 ? "PASS" : "FAIL"]);
    table.push(["then its first runQuery (the seed rule over empty tables)", "", `${fmt(s.firstQueryMs)} ms`, "", ""]);
    if (s.corpus) {
      table.push([`corpus parse+bind (${s.corpus.rules} rules, ${s.corpus.failures} failed)`, "", `${fmt(s.corpus.totalMs)} ms`, "< 2000 ms", s.corpus.totalMs < 2000 ? "PASS" : "FAIL"]);
    } else table.push(["corpus parse+bind", "", "corpus not found", "< 2000 ms", "-"]);
    table.push(["warm runQuery of the seed rule over empty tables (median of 1000)", "", `${s.warmEmptyMs.toFixed(3)} ms`, "< 1 ms", s.warmEmptyMs < 1 ? "PASS" : "FAIL"]);
    console.log(pad(table));
  }
  out.machineAfter = machine();
  console.log(`\nmachine after: ${out.machineAfter}`);
  console.log(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (args.json) writeFileSync(args.json, JSON.stringify(out, null, 2) + "\n");
  if (!ok) {
    console.error("bench: FAILED: the engines (or the CLI and the in-memory engine) do not agree (see above)");
    process.exit(1);
  }
}

main();
