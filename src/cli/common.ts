/** What every CLI command shares: output streams, usage errors, and turning errors into exit codes. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { KqlError } from "../errors.js";

/** Where a command writes; tests pass collectors, main passes process.stdout/stderr. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Terminal width for table output, when known. */
  columns?: number;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit code 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** node:util parseArgs, with its errors turned into UsageErrors that say which command to ask for help. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  args: readonly string[],
  options: T,
  allowPositionals: boolean,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    // (duck-typed: node:util's errors may come from another realm, as under Jest)
    const raw = typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string" ? (e as { message: string }).message : String(e);
    const message = raw.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`${message} (see: kql-replay ${command} --help)`);
  }
}

/**
 * Prints an error the way users should see it and returns the exit code: KqlErrors and usage errors as their
 * message (with the code frame), never a stack trace; anything else is a bug, shown with its stack when
 * KQL_REPLAY_DEBUG is set.
 */
export function reportError(e: unknown, io: CliIo): number {
  if (e instanceof KqlError) {
    io.err(`error[${e.code}]: ${e.message}\n`);
    return 1;
  }
  if (e instanceof UsageError) {
    io.err(`kql-replay: ${e.message}\n`);
    return 1;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`kql-replay: internal error: ${err.message}\n`);
  if (process.env.KQL_REPLAY_DEBUG) io.err(`${err.stack ?? ""}\n`);
  else io.err("(set KQL_REPLAY_DEBUG=1 for details; please report this as a bug)\n");
  return 2;
}
