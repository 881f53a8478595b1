#!/usr/bin/env node
/** The kql-replay command line: `demo`, `run`, and help. */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { reportError, type CliIo } from "./common.js";
import { demoCommand } from "./demo.js";
import { runCommand } from "./run.js";

export const MAIN_HELP = `Usage: kql-replay <command> [options]

Replay Microsoft Sentinel detection rules (KQL) over log files, offline.

Commands:
  demo   Replay the bundled seed rule over its bundled sample logs and print the alerts.
  run    Replay a rule (.yaml) or query (.kql) over your log files (.jsonl, .json, .csv).
  help   Show this help, or a command's: kql-replay help run

Options:
  -h, --help     Show this help.
  -v, --version  Show the version.

Examples:
  kql-replay demo
  kql-replay run rule.yaml --table SigninLogs.jsonl --now 2026-11-28T12:00:00Z
  kql-replay run --query 'T | summarize count() by User' --table T=events.csv --format csv

Docs: docs/cli.md, docs/api.md, docs/schemas.md
`;

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  demo: demoCommand,
  run: runCommand,
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === "-h" || first === "--help") {
      io.out(MAIN_HELP);
      return 0;
    }
    if (first === "-v" || first === "--version") {
      io.out(`${version()}\n`);
      return 0;
    }
    if (first === "help") {
      const target = rest[0];
      if (target !== undefined && COMMANDS[target]) return await COMMANDS[target](["--help"], io);
      io.out(MAIN_HELP);
      return 0;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command) {
      io.err(`kql-replay: unknown command '${first}'\n\n${MAIN_HELP}`);
      return 1;
    }
    return await command(rest, io);
  } catch (e) {
    return reportError(e, io);
  }
}

/** True when this file is the process's entry point (the `kql-replay` bin, or `node dist/cli/main.js`). */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  // `kql-replay ... | head` closes stdout early: stop quietly instead of crashing on EPIPE.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: CliIo = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  };
  if (process.stdout.isTTY && process.stdout.columns) io.columns = process.stdout.columns;
  process.exitCode = await main(process.argv.slice(2), io);
}
