/**
 * The CLI benchmark (`npm run bench -- --cli [--scale S,M]`): replaying the seed rule over JSONL files with
 * `node dist/cli/main.js run`, end to end in a fresh process, against a baseline process that only reads
 * the same files line by line and JSON.parses every line (the part no JSONL reader can avoid).
 *
 * Per scale: a `prepare` child (cli-child.ts) writes the two tables as JSONL into
 * node_modules/.cache/kql-bench/cli-<scale>/ once (reused while the seed, `now`, the row counts and the
 * generator are the same) and runs the in-memory engine over the same rows for the answer the CLI must
 * give. Then, after one untimed baseline run (which also brings the files into the page cache), each of
 * `runs` rounds times three fresh processes, one after another: the baseline, the CLI with a query that
 * touches no table (`print`: reading the files is all it does), and the CLI replaying the rule. Wall time
 * is measured around each process, start-up included; peak RSS comes from rss-hook.ts, preloaded into
 * every timed process. Every process gets the scale's --max-old-space-size.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BaselineResult, PrepareResult } from "./cli-child.js";
import { answerOf, distDir, median, NOW, repoRoot, SCALES, type Answer } from "./scenario.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The file names the tables are written under (the CLI names each table after its file). */
export const CLI_TABLES = ["ThreatIntelligenceIndicator", "AzureDiagnostics"] as const;

export type CliProcessName = "baseline" | "cli-read" | "cli-run";

export interface CliProcessFigures {
  name: CliProcessName;
  /** Median wall time of the whole process, start-up included. */
  medianMs: number;
  allMs: number[];
  /** Largest peak RSS over the runs. */
  peakRssMb: number;
  /** The baseline's own timing of read + parse (no process start-up), median. */
  inProcessMs?: number;
}

export interface CliReport {
  scale: string;
  rows: number;
  fileMb: number;
  command: string;
  processes: CliProcessFigures[];
  cliAlerts: number;
  engineAlerts: number;
  /** Empty when the CLI's alerts equal the in-memory engine's, key for key and value for value. */
  problems: string[];
  wroteData: boolean;
}

/** The seed rule as the issue names it (../shared/seed), or the bundled copy of the same rule. */
export function seedRulePath(): string {
  const shared = join(repoRoot(), "..", "shared", "seed", "ti-map-ip-entity-to-azure-key-vault.yaml");
  return existsSync(shared) ? shared : join(repoRoot(), "rules", "ti-map-ip-entity-to-azure-key-vault", "rule.yaml");
}

export function cliDataDir(scale: string): string {
  return join(repoRoot(), "node_modules", ".cache", "kql-bench", `cli-${scale}`);
}

interface Timed {
  ms: number;
  rssMb: number;
  stdout: string;
}

/** Runs one fresh node process with the RSS hook preloaded; throws with its stderr when it fails. */
function timedProcess(args: readonly string[], heapMb: number): Timed {
  const rssFile = join(repoRoot(), "node_modules", ".cache", "kql-bench", `rss-${process.pid}.json`);
  rmSync(rssFile, { force: true });
  const hook = pathToFileURL(join(HERE, "rss-hook.js")).href;
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, "--import", hook, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, KQL_BENCH_RSS_FILE: rssFile },
  });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`bench: node ${args.join(" ")} failed (exit ${String(res.status)}${res.signal ? `, ${res.signal}` : ""}):\n${res.stderr}`);
  const { maxRssKb } = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssKb: number };
  rmSync(rssFile, { force: true });
  return { ms, rssMb: Math.round(maxRssKb / 1024), stdout: res.stdout };
}

function resultLine<T>(stdout: string, what: string): T {
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`bench: ${what} printed no RESULT line`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

/** The CLI's alerts against the in-memory engine's: same keys, same columns, same values. */
function compare(cli: Answer, engine: Answer): string[] {
  const problems: string[] = [];
  if (cli.keys.length !== engine.keys.length) problems.push(`the CLI raised ${cli.keys.length} alerts, the in-memory engine ${engine.keys.length}`);
  if (cli.columns.join(",") !== engine.columns.join(",")) problems.push(`columns differ: [${cli.columns.join(", ")}] vs [${engine.columns.join(", ")}]`);
  const differing = engine.keys.filter((k) => cli.rows[k] !== engine.rows[k]);
  if (differing.length) problems.push(`${differing.length} alerts differ or are missing, e.g. ${differing.slice(0, 3).join("; ")}`);
  return problems;
}

export function runCliScale(scaleName: string, runs: number): CliReport {
  const scale = SCALES[scaleName]!;
  const dir = cliDataDir(scale.name);
  const rule = seedRulePath();
  process.stderr.write(`CLI at ${scale.name}: preparing ${relative(repoRoot(), dir)} and the in-memory engine's answer (own process)\n`);
  const prep = resultLine<PrepareResult>(timedProcess([join(HERE, "cli-child.js"), "prepare", scale.name, dir, rule], scale.heapMb).stdout, "cli-child prepare");
  process.stderr.write(`  ${prep.wrote ? `wrote ${(prep.meta.bytes / 2 ** 20).toFixed(0)} MB in ${(prep.writeMs / 1000).toFixed(1)} s` : "files reused"}; engine ${prep.engineMs.toFixed(0)} ms, ${prep.answer.keys.length} alerts\n`);

  const files = CLI_TABLES.map((t) => join(dir, `${t}.jsonl`));
  const main = join(distDir(), "cli", "main.js");
  const tableArgs = files.flatMap((f) => ["--table", f]);
  const argv: Record<CliProcessName, string[]> = {
    baseline: [join(HERE, "cli-child.js"), "baseline", ...files],
    "cli-read": [main, "run", "--query", "print n = 0", ...tableArgs, "--format", "jsonl"],
    "cli-run": [main, "run", rule, ...tableArgs, "--now", NOW, "--format", "jsonl"],
  };
  const names = Object.keys(argv) as CliProcessName[];
  const timings: Record<CliProcessName, Timed[]> = { baseline: [], "cli-read": [], "cli-run": [] };
  const inProcess: number[] = [];
  timedProcess(argv.baseline, scale.heapMb); // warm-up: the files into the page cache
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const t = timedProcess(argv[name], scale.heapMb);
      timings[name].push(t);
      if (name === "baseline") inProcess.push(resultLine<BaselineResult>(t.stdout, "cli-child baseline").parseMs);
      process.stderr.write(`  ${name} ${scale.name} run ${i + 1}/${runs}: ${t.ms.toFixed(0)} ms, peak RSS ${t.rssMb} MB\n`);
    }
  }
  const lastRun = timings["cli-run"].at(-1)!.stdout;
  const rows = lastRun.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
  const cliAnswer = answerOf(rows);
  const processes = names.map((name): CliProcessFigures => {
    const ts = timings[name];
    const out: CliProcessFigures = { name, medianMs: median(ts.map((t) => t.ms)), allMs: ts.map((t) => Math.round(t.ms)), peakRssMb: Math.max(...ts.map((t) => t.rssMb)) };
    if (name === "baseline") out.inProcessMs = median(inProcess);
    return out;
  });
  const rel = (p: string): string => relative(repoRoot(), p);
  return {
    scale: scale.name,
    rows: scale.indicators + scale.logs,
    fileMb: Math.round(prep.meta.bytes / 2 ** 20),
    command: `node --max-old-space-size=${scale.heapMb} ${rel(main)} run ${rel(rule)} ${files.map((f) => `--table ${rel(f)}`).join(" ")} --now ${NOW} --format jsonl`,
    processes,
    cliAlerts: cliAnswer.keys.length,
    engineAlerts: prep.answer.keys.length,
    problems: compare(cliAnswer, prep.answer),
    wroteData: prep.wrote,
  };
}

const LABELS: Record<CliProcessName, string> = {
  baseline: "baseline: read lines + JSON.parse each",
  "cli-read": "kql-replay run --query 'print n = 0' (reads the files)",
  "cli-run": "kql-replay run <seed rule> (whole replay)",
};

export function printCliReport(r: CliReport, runs: number, pad: (rows: string[][]) => string): void {
  console.log(`\nCLI replay at ${r.scale}: ${r.rows.toLocaleString("en-US")} rows in ${r.fileMb.toLocaleString("en-US")} MB of JSONL; median of ${runs} fresh processes (wall time, node start-up included)`);
  console.log(`  ${r.command}`);
  const base = r.processes.find((p) => p.name === "baseline")!;
  const table: string[][] = [["process", "", "median ms", "vs baseline", "ns per row", "peak RSS MB", "all runs ms"]];
  for (const p of r.processes) {
    table.push([LABELS[p.name], "", p.medianMs.toFixed(0), `${(p.medianMs / base.medianMs).toFixed(2)}x`, ((p.medianMs * 1e6) / r.rows).toFixed(0), String(p.peakRssMb), p.allMs.join(" ")]);
  }
  console.log(pad(table));
  console.log(`  baseline in-process read + parse: ${base.inProcessMs!.toFixed(0)} ms`);
  console.log(`  answers: ${r.problems.length ? `CLI AND IN-MEMORY ENGINE DISAGREE: ${r.problems.join("; ")}` : `the CLI's ${r.cliAlerts} alerts equal the in-memory engine's ${r.engineAlerts}, every column of every row`}`);
}
