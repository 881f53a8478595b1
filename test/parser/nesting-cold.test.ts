/**
 * Nesting up to MAX_NESTING_DEPTH parses, binds and runs even as the first query of a fresh module
 * instance, when no parser code is optimised yet and each call level takes the most stack (jest evaluates
 * the modules afresh for each test file, so this file's first queries run cold). At 128 levels a cold
 * parse of nested calls overflowed the stack.
 */
import { runQuerySync } from "../../src/api.js";
import { MAX_NESTING_DEPTH } from "../../src/parser/index.js";

const d = MAX_NESTING_DEPTH;
const nested: [string, string, unknown][] = [
  ["calls", `print v = ${"strlen(tostring(".repeat(d / 2)}'x'${"))".repeat(d / 2)}`, 1],
  ["pack_array", `print v = array_length(${"pack_array(".repeat(d - 1)}1${")".repeat(d - 1)})`, 1],
  ["parentheses", `print v = ${"(".repeat(d)}1${")".repeat(d)}`, 1],
  ["not", `print v = ${"not(".repeat(d)}true${")".repeat(d)}`, true],
  ["iff", `print v = ${"iff(true, ".repeat(d)}1${", 0)".repeat(d)}`, 1],
  ["arithmetic", `print v = ${"(1 + ".repeat(d)}1${")".repeat(d)}`, d + 1],
];

describe("nesting at the limit, cold", () => {
  it.each(nested)("%s", (_, query, expected) => {
    const r = runQuerySync(query, {});
    expect(r.rows[0]!.v).toEqual(expected);
  });
});
