/**
 * The caller's RunOptions checked for shape before anything reads them. The API is typed, but it is called
 * from plain JavaScript too (and from JSON configuration): an option of the wrong shape is a KqlError naming
 * it, never a TypeError from inside the engine, and never silently ignored (a `signal` that is not an
 * AbortSignal would otherwise cancel nothing). The limits are checked here too (resolveLimits), so a query
 * prepared with a bad limit fails when it is prepared, not when it first runs; `now` is checked where it is read.
 */
import type { RunOptions } from "./api-types.js";
import { describeValue } from "./describe-value.js";
import { KqlError } from "./errors.js";
import { resolveLimits } from "./runtime/guard.js";

function argumentError(message: string): KqlError {
  return new KqlError({ code: "KQL_ARGUMENTS", message });
}

/** `options` as RunOptions: absent or null is no options; anything else must be an object of the documented shape. */
export function checkedRunOptions(options: unknown): RunOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) throw argumentError(`options must be an object of run options, got ${describeValue(options)}`);
  const o = options as Record<string, unknown>;
  const schemas = o.schemas;
  if (schemas !== undefined && schemas !== null && (typeof schemas !== "object" || Array.isArray(schemas))) {
    throw argumentError(`options.schemas must be an object mapping table names to lists of { name, type } columns, got ${describeValue(schemas)}`);
  }
  const files = o.schemaFiles;
  if (files !== undefined) {
    if (!Array.isArray(files)) throw argumentError(`options.schemaFiles must be a list of file or folder paths, got ${describeValue(files)}`);
    files.forEach((f: unknown, i) => {
      if (typeof f !== "string") throw argumentError(`options.schemaFiles[${i}] must be a file or folder path, got ${describeValue(f)}`);
    });
  }
  const { maxResultRows, maxIntermediateRows, maxMvExpandRows, maxRangeRows, timeoutMs } = o as RunOptions;
  resolveLimits({ maxResultRows, maxIntermediateRows, maxMvExpandRows, maxRangeRows, timeoutMs });
  const signal = o.signal;
  if (signal !== undefined && !isAbortSignalLike(signal)) throw argumentError(`options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  // A null `schemas` needs no rewriting: the catalog and the schema files' merge read it as none.
  return o as RunOptions;
}

/**
 * An AbortSignal, from this realm or another (a test runner's, where `instanceof` fails): its `aborted` flag
 * is what the guard polls.
 */
function isAbortSignalLike(v: unknown): v is AbortSignal {
  return typeof v === "object" && v !== null && typeof (v as { aborted?: unknown }).aborted === "boolean";
}
