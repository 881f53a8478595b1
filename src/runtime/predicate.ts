/**
 * Row tests for `where`: a row is kept only when its predicate is true, and false and null both drop
 * it. Knowing that, `and`/`or` become plain short-circuit booleans, and a comparison may skip work
 * whose only purpose is to tell null from false (validating a datetime text the row fails anyway).
 */
import type { BoundExpr } from "../binder/plan.js";
import { compileDatetimeComparison, compileExpr, datetimeComparison, isConstantEquality, type ExecutionEnv } from "./compile.js";
import type { Table } from "./table.js";
import { formatDateTime, isCanonicalIso, MAX_DATETIME, MIN_DATETIME } from "./values.js";

export type RowTest = (row: number) => boolean;

export function compilePredicate(expr: BoundExpr, table: Table, env: ExecutionEnv): RowTest {
  return env.compiled.keep(predicateTest(expr, table, env));
}

function predicateTest(expr: BoundExpr, table: Table, env: ExecutionEnv): RowTest {
  if (expr.k === "logical") {
    // null and X drops the row like false and X; null or true keeps it like false or true. A run of the
    // same operator (`a or b or c or d`) is one loop over its terms, not a closure per pair.
    const terms = sameOperatorTerms(expr, expr.op).map((t) => compilePredicate(t, table, env));
    return expr.op === "and" ? allOf(terms) : anyOf(terms);
  }
  const datetime = datetimeTest(expr, table);
  if (datetime) return datetime;
  // A string operator (a string is never null) and `==`/`!=` against a non-null constant are always true or
  // false: their compiled form is the test as it is, without an `=== true` call per row.
  if (expr.k === "strop" || isConstantEquality(expr)) return compileExpr(expr, table, env) as RowTest;
  const f = compileExpr(expr, table, env);
  return (i) => f(i) === true;
}

/**
 * A filter's predicate as the tests that must all pass, in order: the terms of a top-level `and` chain each
 * on their own, so a filter's pass can loop over them with the tests of the other stages instead of
 * calling an `allOf` per row.
 */
export function compilePredicateTerms(expr: BoundExpr, table: Table, env: ExecutionEnv): RowTest[] {
  return sameOperatorTerms(expr, "and").map((t) => compilePredicate(t, table, env));
}

/**
 * Tests that all pass, in order, stopping at the first that fails: one loop, not a closure per pair (a
 * nested `(i) => a(i) && b(i)` puts an extra call per term on every row). For an `and` inside another
 * expression (`a or (b and c)`); a filter's pass loops over its tests itself (compilePredicateTerms).
 */
function allOf(tests: readonly RowTest[]): RowTest {
  if (tests.length === 1) return tests[0]!;
  return (i) => {
    for (let k = 0; k < tests.length; k++) if (!tests[k]!(i)) return false;
    return true;
  };
}

/** Tests of which one passes, in order, stopping at the first that passes. */
function anyOf(tests: readonly RowTest[]): RowTest {
  if (tests.length === 1) return tests[0]!;
  return (i) => {
    for (let k = 0; k < tests.length; k++) if (tests[k]!(i)) return true;
    return false;
  };
}

/** The terms of a chain of one logical operator, left to right: `a or b or c` gives a, b, c. */
function sameOperatorTerms(expr: BoundExpr, op: "and" | "or"): BoundExpr[] {
  if (expr.k !== "logical" || expr.op !== op) return [expr];
  return [...sameOperatorTerms(expr.left, op), ...sameOperatorTerms(expr.right, op)];
}

/**
 * `datetimeColumn <op> constant` in a filter. Text with the canonical shape (`YYYY-MM-DDTHH:MM:SS.fffffffZ`)
 * orders as a string exactly as its instant does once it is known to be valid, so the string comparison
 * comes first: a row that passes it is kept once its text is validated, and one that fails it is dropped
 * once the text is known to have that shape (an invalid text is null, which drops the row just as a failed
 * comparison does). Any other text takes the general comparison.
 */
function datetimeTest(expr: BoundExpr, table: Table): RowTest | undefined {
  const match = datetimeComparison(expr, table);
  if (!match) return undefined;
  const general = compileDatetimeComparison(match);
  const { constant, holds } = match;
  if (constant < MIN_DATETIME || constant > MAX_DATETIME) return (i) => general(i) === true;
  const canonical = formatDateTime(constant);
  const rawAt = match.column.rawReader();
  return (i) => {
    const raw = rawAt(i);
    if (typeof raw === "string") {
      // A text that passes as text is kept once fully validated (isCanonicalIso checks the shape too); one
      // that fails is dropped only when its shape makes the text order the instant order.
      if (holds(raw, canonical)) {
        if (isCanonicalIso(raw)) return true;
      } else if (hasCanonicalShape(raw)) return false;
    }
    return general(i) === true;
  };
}

/**
 * The separators of `YYYY-MM-DDTHH:MM:SS.fffffffZ` in place, and a digit before the Z. Given those, a text
 * that is a datetime at all has digits everywhere else, so it orders as text as its instant does: the one
 * other datetime form of this length and shape puts whitespace between the fraction and the Z
 * (`...:00.000000 Z`), which the digit check excludes. Other digits stay unchecked (a text with a non-digit
 * there is no datetime: null, which drops the row as a failed comparison does).
 */
function hasCanonicalShape(s: string): boolean {
  return (
    s.length === 28 &&
    s.charCodeAt(27) === 90 &&
    s.charCodeAt(19) === 46 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    isDigit(s.charCodeAt(26))
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
