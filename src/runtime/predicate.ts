/**
 * Row tests for `where`: a row is kept only when its predicate is true, and false and null both drop
 * it. Knowing that, `and`/`or` become plain short-circuit booleans, and a comparison may skip work
 * whose only purpose is to tell null from false (validating a datetime text the row fails anyway).
 */
import type { BoundExpr } from "../binder/plan.js";
import { compileDatetimeVersusConstant, compileExpr, type ExecutionEnv } from "./compile.js";
import { RowObjectColumn, type Table } from "./table.js";
import { formatDateTime, isCanonicalIso, MAX_DATETIME, MIN_DATETIME } from "./values.js";

export type RowTest = (row: number) => boolean;

export function compilePredicate(expr: BoundExpr, table: Table, env: ExecutionEnv): RowTest {
  if (expr.k === "logical") {
    const l = compilePredicate(expr.left, table, env);
    const r = compilePredicate(expr.right, table, env);
    // null and X drops the row like false and X; null or true keeps it like false or true.
    return expr.op === "and" ? (i) => l(i) && r(i) : (i) => l(i) || r(i);
  }
  const datetime = datetimeTest(expr, table, env);
  if (datetime) return datetime;
  const f = compileExpr(expr, table, env);
  return (i) => f(i) === true;
}

const FLIPPED: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** How a comparison result (-1, 0, 1) decides each operator. */
const DECIDE: Record<string, (c: number) => boolean> = {
  "==": (c) => c === 0,
  "!=": (c) => c !== 0,
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

/**
 * `datetimeColumn <op> constant` over the caller's rows, the `TimeGenerated >= ago(1h)` of a quarter of
 * all rules. Text with the canonical shape (`YYYY-MM-DDTHH:MM:SS.fffffffZ`) orders as a string exactly as
 * its instant does once it is known to be valid, so the string comparison comes first and only rows
 * that pass it are validated: an invalid text is null, which drops the row just as a failed comparison
 * does. Any other text takes the general comparison.
 */
function datetimeTest(expr: BoundExpr, table: Table, env: ExecutionEnv): RowTest | undefined {
  if (expr.k !== "binary" || expr.left.type !== "datetime" || expr.right.type !== "datetime") return undefined;
  const constantOnLeft = expr.left.k === "const";
  const col = constantOnLeft ? expr.right : expr.left;
  const c = constantOnLeft ? expr.left : expr.right;
  if (col.k !== "column" || c.k !== "const" || typeof c.value !== "bigint") return undefined;
  const column = table.columns[col.index];
  const decide = DECIDE[constantOnLeft ? FLIPPED[expr.op] ?? expr.op : expr.op];
  if (!(column instanceof RowObjectColumn) || !decide) return undefined;
  const constant = c.value;
  const general = compileDatetimeVersusConstant(column, constant, expr.op, constantOnLeft) ?? compileExpr(expr, table, env);
  if (constant < MIN_DATETIME || constant > MAX_DATETIME) return (i) => general(i) === true;
  const canonical = formatDateTime(constant);
  const rawAt = column.rawReader();
  return (i) => {
    const raw = rawAt(i);
    if (typeof raw === "string" && hasCanonicalShape(raw)) {
      if (!decide(raw < canonical ? -1 : raw > canonical ? 1 : 0)) return false;
      if (isCanonicalIso(raw)) return true;
    }
    return general(i) === true;
  };
}

/** The separators of `YYYY-MM-DDTHH:MM:SS.fffffffZ` in place (digits unchecked). */
function hasCanonicalShape(s: string): boolean {
  return (
    s.length === 28 &&
    s.charCodeAt(27) === 90 &&
    s.charCodeAt(19) === 46 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58
  );
}
