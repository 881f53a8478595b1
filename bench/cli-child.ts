/**
 * The CLI benchmark's helper processes (started by cli.ts, each in a fresh node):
 *
 *   node cli-child.js prepare <scale> <dir> <rule.yaml>
 *                                             generate the seed rule's two tables at the scale, write them
 *                                             as JSONL into <dir> unless the files there already hold the
 *                                             same data (meta.json: scale, seed, now, row counts and a hash
 *                                             of the generator), and run the in-memory engine once over the
 *                                             rows for the answer the CLI must match
 *   node cli-child.js baseline <file>...      the unavoidable part of replaying JSONL: read each file line
 *                                             by line and JSON.parse every line into one array of rows
 *
 * Each prints one `RESULT {json}` line on stdout.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";
import { CLI_TABLES } from "./cli.js";
import type { Row } from "./generate.js";
import { answerOf, loadApi, NOW, SCALES, SEED, seedData, type Answer } from "./scenario.js";

const HERE = dirname(fileURLToPath(import.meta.url));

export interface CliMeta {
  scale: string;
  seed: number;
  now: string;
  indicators: number;
  logs: number;
  /** sha256 of the compiled generator: a changed generator means different rows. */
  generator: string;
  bytes: number;
}

export interface PrepareResult {
  meta: CliMeta;
  /** False when the files were already there with the same meta. */
  wrote: boolean;
  generateMs: number;
  writeMs: number;
  engineMs: number;
  answer: Answer;
}

export interface BaselineResult {
  rows: number;
  /** In-process time to read and parse every file (process start-up excluded). */
  parseMs: number;
}

function generatorHash(): string {
  return createHash("sha256").update(readFileSync(join(HERE, "generate.js"))).digest("hex").slice(0, 16);
}

function sameMeta(a: CliMeta, b: Omit<CliMeta, "bytes">): boolean {
  return a.scale === b.scale && a.seed === b.seed && a.now === b.now && a.indicators === b.indicators && a.logs === b.logs && a.generator === b.generator;
}

/** Writes rows as JSON Lines in ~4 MB writes (one string per write, not one per file). */
function writeJsonl(path: string, rows: readonly Row[]): number {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  let bytes = 0;
  try {
    let chunk: string[] = [];
    let size = 0;
    const flush = (): void => {
      const buf = Buffer.from(chunk.join(""), "utf8");
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      bytes += buf.length;
      chunk = [];
      size = 0;
    };
    for (const r of rows) {
      const line = `${JSON.stringify(r)}\n`;
      chunk.push(line);
      size += line.length;
      if (size >= 4 << 20) flush();
    }
    if (chunk.length) flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return bytes;
}

async function prepare(scaleName: string, dir: string, rulePath: string): Promise<PrepareResult> {
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`cli-child: unknown scale ${scaleName}`);
  const want = { scale: scale.name, seed: SEED, now: NOW, indicators: scale.indicators, logs: scale.logs, generator: generatorHash() };
  const metaPath = join(dir, "meta.json");
  const old = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, "utf8")) as CliMeta) : undefined;
  const filesThere = CLI_TABLES.every((t) => existsSync(join(dir, `${t}.jsonl`)));

  const g0 = performance.now();
  const data = seedData(scale);
  const generateMs = performance.now() - g0;

  let meta: CliMeta;
  let wrote = false;
  let writeMs = 0;
  if (old && filesThere && sameMeta(old, want) && CLI_TABLES.reduce((n, t) => n + statSync(join(dir, `${t}.jsonl`)).size, 0) === old.bytes) {
    meta = old;
  } else {
    mkdirSync(dir, { recursive: true });
    const w0 = performance.now();
    const bytes = writeJsonl(join(dir, "ThreatIntelligenceIndicator.jsonl"), data.indicators) + writeJsonl(join(dir, "AzureDiagnostics.jsonl"), data.logs);
    writeMs = performance.now() - w0;
    meta = { ...want, bytes };
    // meta.json last: a run killed while writing leaves no meta, so the next run writes the files again.
    const tmp = `${metaPath}.tmp`;
    const fd = openSync(tmp, "w");
    writeSync(fd, `${JSON.stringify(meta, null, 2)}\n`);
    closeSync(fd);
    renameSync(tmp, metaPath);
    wrote = true;
  }

  // The in-memory engine's answer over the same rows, from the same build as the CLI under test.
  const api = await loadApi();
  const yaml = readFileSync(rulePath, "utf8");
  const e0 = performance.now();
  const res = api.runQuerySync(yaml, { ThreatIntelligenceIndicator: data.indicators, AzureDiagnostics: data.logs }, { now: NOW });
  const engineMs = performance.now() - e0;
  return { meta, wrote, generateMs, writeMs, engineMs, answer: answerOf(res.rows, res.columns.map((c) => c.name)) };
}

/**
 * Reads a file in 1 MB blocks, splits at '\n' and JSON.parses each non-blank line: no row is kept as text,
 * only the unfinished line at the end of a block (joined to the start of the next; blocks themselves are
 * never concatenated, which would copy every byte once more). Each block is decoded in 64 KB pieces
 * (a string over ~128 KB goes to V8's large-object space and decodes three times slower). The least any
 * JSONL reader has to do.
 */
function baseline(files: readonly string[]): BaselineResult {
  const t0 = performance.now();
  const rows: unknown[] = [];
  const buf = Buffer.allocUnsafe(1 << 20);
  const parse = (line: string): void => {
    if (line.trim() !== "") rows.push(JSON.parse(line));
  };
  for (const file of files) {
    const fd = openSync(file, "r");
    const decoder = new StringDecoder("utf8");
    let tail = "";
    try {
      const piece = (text: string): void => {
        let nl = text.indexOf("\n");
        if (nl === -1) tail += text;
        else {
          parse(tail + text.slice(0, nl));
          let start = nl + 1;
          for (nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
            parse(text.slice(start, nl));
            start = nl + 1;
          }
          tail = text.slice(start);
        }
      };
      for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
        for (let off = 0; off < n; off += 64 << 10) piece(decoder.write(buf.subarray(off, Math.min(n, off + (64 << 10)))));
      }
      piece(decoder.end());
      parse(tail);
    } finally {
      closeSync(fd);
    }
  }
  return { rows: rows.length, parseMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2);
  let result: unknown;
  if (cmd === "prepare" && rest.length === 3) result = await prepare(rest[0]!, rest[1]!, rest[2]!);
  else if (cmd === "baseline" && rest.length > 0) result = baseline(rest);
  else throw new Error("usage: cli-child.js prepare <scale> <dir> <rule.yaml> | baseline <file>...");
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
