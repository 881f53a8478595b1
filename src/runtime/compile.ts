/**
 * Compiles bound expressions into closures over a table, once per operator: `(row) => value`.
 * No text is ever evaluated as code; every closure is made from the fixed set below, chosen by the
 * static types the binder computed, so the per-row work is a few property reads and a comparison.
 */
import type { BoundExpr, PlanNode } from "../binder/plan.js";
import { toDateTime, toReal } from "../functions/conversion.js";
import { KqlError } from "../errors.js";
import { foldCase } from "../functions/fold-case.js";
import { bindHasAny } from "../functions/string-operators.js";
import { remembering } from "../functions/remembering.js";
import { isNumeric, type ScalarType } from "../types.js";
import type { CompiledCode } from "./compiled-code.js";
import { POLL_MASK, type ExecutionGuard } from "./guard.js";
import { RowObjectColumn, StringRowObjectColumn, type Column, type Table } from "./table.js";
import { formatDateTime, hashKey, isBag, isCanonicalIso, ISO_PARTS, isoUtcParts, MAX_DATETIME, MIN_DATETIME, ticksToParts, valueToString, type DynamicValue, type Value } from "./values.js";

export type RowFn = (row: number) => Value;

/** What compiled expressions may ask of the running query: subquery results, computed once, and the run's limits. */
export interface ExecutionEnv {
  run(plan: PlanNode): Table;
  /** Limits, timeout and cancellation: long loops call `guard.poll()` every POLL_MASK + 1 rows. */
  readonly guard: ExecutionGuard;
  /** The per-row closures this run compiles, held for a moment after it ends (see compiled-code.ts). */
  readonly compiled: CompiledCode;
}

/** An expression as a closure over the rows of `table`. */
export function compileExpr(expr: BoundExpr, table: Table, env: ExecutionEnv): RowFn {
  return env.compiled.keep(compileNode(expr, table, env));
}

function compileNode(expr: BoundExpr, table: Table, env: ExecutionEnv): RowFn {
  switch (expr.k) {
    case "const": {
      const v = expr.value;
      return () => v;
    }
    case "column": {
      const column = table.columns[expr.index];
      if (!column) throw new KqlError({ code: "KQL_RUNTIME", message: `internal: column ${expr.name} is not in the operator's input` });
      return column.reader();
    }
    case "call": {
      const args = expr.args.map((a) => compileExpr(a, table, env));
      if (expr.rowImpl) return expr.rowImpl(args);
      const impl = expr.impl;
      const buffer: Value[] = new Array<Value>(args.length);
      const n = args.length;
      if (n === 1) {
        const a0 = args[0]!;
        return (i) => {
          buffer[0] = a0(i);
          return impl(buffer);
        };
      }
      return (i) => {
        for (let k = 0; k < n; k++) buffer[k] = args[k]!(i);
        return impl(buffer);
      };
    }
    case "logical": {
      const l = compileExpr(expr.left, table, env);
      const r = compileExpr(expr.right, table, env);
      // Three-valued logic: false wins `and`, true wins `or`, otherwise null is sticky.
      if (expr.op === "and") {
        return (i) => {
          const a = l(i);
          if (a === false) return false;
          const b = r(i);
          if (b === false) return false;
          return a === null || b === null ? null : true;
        };
      }
      return (i) => {
        const a = l(i);
        if (a === true) return true;
        const b = r(i);
        if (b === true) return true;
        return a === null || b === null ? null : false;
      };
    }
    case "not": {
      const o = compileExpr(expr.operand, table, env);
      return (i) => {
        const v = o(i);
        return v === null ? null : !v;
      };
    }
    case "negate": {
      const o = compileExpr(expr.operand, table, env);
      return (i) => {
        const v = o(i);
        if (v === null) return null;
        return typeof v === "bigint" ? -v : -(v as number);
      };
    }
    case "binary":
      return compileBinary(expr, table, env);
    case "strop": {
      const l = stringOf(expr.left, table, env);
      const test = expr.test;
      if (expr.right.k === "const") {
        const needle = valueToString(expr.right.value, expr.right.type);
        // A string field of the caller's row is the column's value as it is: read it here, not through `l`.
        const access = expr.left.k === "column" ? stringField(table.columns[expr.left.index]) : undefined;
        if (access) {
          const { rows, key } = access;
          return (i) => {
            const t = rows[i]![key];
            return test(typeof t === "string" ? t : l(i), needle);
          };
        }
        return (i) => test(l(i), needle);
      }
      const r = stringOf(expr.right, table, env);
      return (i) => test(l(i), r(i));
    }
    case "between": {
      const v = compileExpr(expr.left, table, env);
      const lo = compileExpr(expr.low, table, env);
      const hi = compileExpr(expr.high, table, env);
      const negated = expr.negated;
      return (i) => {
        const x = v(i);
        const a = lo(i);
        const b = hi(i);
        if (x === null || a === null || b === null) return null;
        const inside = (x as number) >= (a as number) && (x as number) <= (b as number);
        return negated ? !inside : inside;
      };
    }
    case "in":
      return compileIn(expr, table, env);
    case "access":
      return compileAccess(expr, table, env);
    case "window":
      return compileWindow(expr, table, env);
    case "toscalar": {
      let computed = false;
      let value: Value = null;
      const plan = expr.plan;
      const type = expr.type;
      return () => {
        if (!computed) {
          const t = env.run(plan);
          value = t.length > 0 && t.columns.length > 0 ? t.columns[0]!.get(0) : type === "string" ? "" : null;
          computed = true;
        }
        return value;
      };
    }
  }
}

/**
 * An expression's value for every row of the table, in one array: a plain column is read in bulk
 * (`Column.readAll`), anything else through its compiled closure. For operators that read every row.
 */
export function evaluateAll(expr: BoundExpr, table: Table, env: ExecutionEnv): readonly Value[] {
  if (expr.k === "column") {
    const column = table.columns[expr.index];
    if (column) return column.readAll(env.guard);
  }
  const f = compileExpr(expr, table, env);
  const out = new Array<Value>(table.length);
  for (let i = 0; i < table.length; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    out[i] = f(i);
  }
  return out;
}

/** The caller's rows and field behind a string column read straight from them (StringRowObjectColumn.fieldAccess). */
function stringField(column: Column | undefined): ReturnType<RowObjectColumn["fieldAccess"]> {
  return column instanceof StringRowObjectColumn ? column.fieldAccess() : undefined;
}

/** A string-typed reading of any expression (string operators take any scalar as text). */
function stringOf(expr: BoundExpr, table: Table, env: ExecutionEnv): (row: number) => string {
  const f = compileExpr(expr, table, env);
  if (expr.type === "string") return f as (row: number) => string;
  const type = expr.type;
  return (i) => valueToString(f(i), type);
}

/** Reads a dynamic operand as a value comparable with the other operand's type. */
function fromDynamic(v: Value, target: ScalarType): Value {
  if (v === null || v === undefined) return null;
  if (target === "string" || target === "guid") return typeof v === "string" ? (target === "guid" ? v.toLowerCase() : v) : valueToString(v, "dynamic");
  if (isNumeric(target)) return toReal(v, "dynamic");
  if (target === "datetime") return toDateTime(v, "dynamic");
  if (target === "bool") return typeof v === "boolean" ? v : null;
  if (target === "dynamic") return v;
  return null;
}

/** How a comparison's result (negative, zero, positive) decides each comparison operator. */
const DECIDE: Readonly<Record<string, (c: number) => boolean>> = {
  "==": (c) => c === 0,
  "!=": (c) => c !== 0,
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

/**
 * How each comparison operator decides two values of one ordered kind (strings of canonical datetime text,
 * whose order is their instants'): one comparison, where `DECIDE` over a three-way result needs two.
 */
const HOLDS: Readonly<Record<string, (a: string, b: string) => boolean>> = {
  "==": (a, b) => a === b,
  "!=": (a, b) => a !== b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

/** The operator that compares the same way with its operands swapped. */
const FLIPPED: Readonly<Record<string, string>> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/**
 * A comparison `datetimeColumn <op> constant` (the constant on either side) over the caller's rows: the
 * `TimeGenerated >= ago(1h)` of a quarter of all rules, which compiled expressions and filters both
 * speed up. `op` and `decide` read as seen from the column. Arithmetic (`t - datetime(...)`) is no match.
 */
export interface DatetimeComparison {
  column: RowObjectColumn;
  constant: bigint;
  op: string;
  decide: (c: number) => boolean;
  /** The operator over the column's canonical text (left) and the constant's (right). */
  holds: (text: string, constantText: string) => boolean;
}

export function datetimeComparison(expr: BoundExpr, table: Table): DatetimeComparison | undefined {
  if (expr.k !== "binary" || expr.left.type !== "datetime" || expr.right.type !== "datetime") return undefined;
  const constantOnLeft = expr.left.k === "const";
  const col = constantOnLeft ? expr.right : expr.left;
  const c = constantOnLeft ? expr.left : expr.right;
  if (col.k !== "column" || c.k !== "const" || typeof c.value !== "bigint") return undefined;
  const op = constantOnLeft ? (FLIPPED[expr.op] ?? expr.op) : expr.op;
  const decide = DECIDE[op];
  const holds = HOLDS[op];
  const column = table.columns[col.index];
  if (!decide || !holds || !(column instanceof RowObjectColumn)) return undefined;
  return { column, constant: c.value, op, decide, holds };
}

/**
 * A datetime comparison's closure: ISO-8601 UTC text is compared by its parts (seconds and ticks, plain
 * numbers) without building a bigint per row, canonical text (7 fractional digits, Z) as a string; other
 * forms take the general path.
 */
export function compileDatetimeComparison({ column, constant, op, decide, holds }: DatetimeComparison): RowFn {
  ticksToParts(constant);
  const cs = ISO_PARTS.seconds;
  const ct = ISO_PARTS.ticks;
  const canonical = constant >= MIN_DATETIME && constant <= MAX_DATETIME ? formatDateTime(constant) : undefined;
  const rawAt = column.rawReader();
  return (i) => {
    const raw = rawAt(i);
    if (canonical !== undefined && typeof raw === "string" && isCanonicalIso(raw)) return holds(raw, canonical);
    if (typeof raw === "string" && isoUtcParts(raw)) {
      return decide(ISO_PARTS.seconds !== cs ? ISO_PARTS.seconds - cs : ISO_PARTS.ticks - ct);
    }
    const v = column.get(i) as bigint | null;
    if (v === null) return op === "==" ? false : op === "!=" ? true : null;
    return decide(v < constant ? -1 : v > constant ? 1 : 0);
  };
}

function compileBinary(expr: Extract<BoundExpr, { k: "binary" }>, table: Table, env: ExecutionEnv): RowFn {
  const datetime = datetimeComparison(expr, table);
  if (datetime) return compileDatetimeComparison(datetime);
  const general = compileBinaryGeneral(expr, table, env);
  return compileDatetimeColumnsComparison(expr, table, general) ?? general;
}

/**
 * `datetimeColumn <op> datetimeColumn` over the caller's rows (`EventTime < ExpirationDateTime` after a
 * join): when both fields hold valid canonical text, the texts compare as their instants do, with no
 * datetime built for either side; any other row takes `general`.
 */
function compileDatetimeColumnsComparison(expr: Extract<BoundExpr, { k: "binary" }>, table: Table, general: RowFn): RowFn | undefined {
  const { left, right } = expr;
  if (left.k !== "column" || right.k !== "column" || left.type !== "datetime" || right.type !== "datetime") return undefined;
  const lc = table.columns[left.index];
  const rc = table.columns[right.index];
  const holds = HOLDS[expr.op];
  if (!holds || !(lc instanceof RowObjectColumn) || !(rc instanceof RowObjectColumn)) return undefined;
  const la = lc.rawReader();
  const ra = rc.rawReader();
  return (i) => {
    const a = la(i);
    const b = ra(i);
    return typeof a === "string" && typeof b === "string" && isCanonicalIso(a) && isCanonicalIso(b) ? holds(a, b) : general(i);
  };
}

/** `expr == constant` / `expr != constant` (see isConstantEquality). */
type ConstantEquality = Extract<BoundExpr, { k: "binary" }> & { right: Extract<BoundExpr, { k: "const" }> };

/** Types whose values `==` compares with `===` once neither side is null. */
const STRICTLY_COMPARABLE = new Set<ScalarType>(["bool", "int", "long", "real", "string"]);

/**
 * `==`/`!=` against a non-null constant of the same type (`Active == true`, `Status != "ok"`): its value is
 * always true or false (a null on the left gives false for ==, true for !=), so a filter may use it as its test.
 */
export function isConstantEquality(expr: BoundExpr): expr is ConstantEquality {
  return (
    expr.k === "binary" &&
    (expr.op === "==" || expr.op === "!=") &&
    expr.right.k === "const" &&
    expr.right.value !== null &&
    expr.left.type === expr.right.type &&
    STRICTLY_COMPARABLE.has(expr.left.type)
  );
}

function compileBinaryGeneral(expr: Extract<BoundExpr, { k: "binary" }>, table: Table, env: ExecutionEnv): RowFn {
  if (isConstantEquality(expr)) {
    // What the general comparison below gives, in one read and one comparison per row.
    const value = compileExpr(expr.left, table, env);
    const c = expr.right.value;
    const access = expr.left.k === "column" ? stringField(table.columns[expr.left.index]) : undefined;
    if (access) {
      // A string field of the caller's row is the value as it is (see the strop case).
      const { rows, key } = access;
      return expr.op === "=="
        ? (i) => {
            const t = rows[i]![key];
            return (typeof t === "string" ? t : value(i)) === c;
          }
        : (i) => {
            const t = rows[i]![key];
            return (typeof t === "string" ? t : value(i)) !== c;
          };
    }
    return expr.op === "==" ? (i) => value(i) === c : (i) => value(i) !== c;
  }
  let l = compileExpr(expr.left, table, env);
  let r = compileExpr(expr.right, table, env);
  const lt = expr.left.type;
  const rt = expr.right.type;
  const op = expr.op;

  // Dynamic against a typed operand: read the dynamic side as that type first.
  if (lt === "dynamic" && rt !== "dynamic") {
    const inner = l;
    l = (i) => fromDynamic(inner(i), rt);
  } else if (rt === "dynamic" && lt !== "dynamic") {
    const inner = r;
    r = (i) => fromDynamic(inner(i), lt);
  } else if ((lt === "string") !== (rt === "string") && lt !== "guid" && rt !== "guid") {
    // A string against a number or bool (only == and != bind): compare as text.
    const asText = (f: RowFn, t: ScalarType): RowFn =>
      t === "string"
        ? f
        : (i) => {
            const v = f(i);
            return v === null ? null : valueToString(v, t);
          };
    l = asText(l, lt);
    r = asText(r, rt);
  } else if (lt === "dynamic" && rt === "dynamic" && (op === "==" || op === "!=")) {
    const li = l;
    const ri = r;
    l = (i) => hashKey(li(i)) as Value;
    r = (i) => hashKey(ri(i)) as Value;
  }

  switch (op) {
    case "==":
      return (i) => {
        const a = l(i);
        const b = r(i);
        if (a === null || b === null) return a === null && b === null ? null : false;
        return a === b;
      };
    case "!=":
      return (i) => {
        const a = l(i);
        const b = r(i);
        if (a === null || b === null) return a === null && b === null ? null : true;
        return a !== b;
      };
    case "<":
      return (i) => {
        const a = l(i);
        const b = r(i);
        return a === null || b === null ? null : (a as number) < (b as number);
      };
    case "<=":
      return (i) => {
        const a = l(i);
        const b = r(i);
        return a === null || b === null ? null : (a as number) <= (b as number);
      };
    case ">":
      return (i) => {
        const a = l(i);
        const b = r(i);
        return a === null || b === null ? null : (a as number) > (b as number);
      };
    case ">=":
      return (i) => {
        const a = l(i);
        const b = r(i);
        return a === null || b === null ? null : (a as number) >= (b as number);
      };
    default:
      return compileArithmetic(op, lt, rt, expr.type, l, r);
  }
}

function isTicks(t: ScalarType): boolean {
  return t === "datetime" || t === "timespan";
}

function sticky(f: (a: Value, b: Value) => Value, l: RowFn, r: RowFn): RowFn {
  return (i) => {
    const a = l(i);
    if (a === null) return null;
    const b = r(i);
    if (b === null) return null;
    return f(a, b);
  };
}

/** Integer division and modulo by zero give null rather than throwing. */
function compileArithmetic(op: string, lt: ScalarType, rt: ScalarType, result: ScalarType, l: RowFn, r: RowFn): RowFn {
  if (isTicks(lt) && isTicks(rt)) {
    switch (op) {
      case "+":
        return sticky((a, b) => (a as bigint) + (b as bigint), l, r);
      case "-":
        return sticky((a, b) => (a as bigint) - (b as bigint), l, r);
      case "/":
        return sticky((a, b) => ((b as bigint) === 0n ? null : Number(a as bigint) / Number(b as bigint)), l, r);
      case "%":
        return sticky((a, b) => ((b as bigint) === 0n ? null : mod(a as bigint, b as bigint)), l, r);
    }
  }
  if (isTicks(lt) && !isTicks(rt)) {
    // timespan * number, timespan / number
    if (op === "*") return sticky((a, b) => BigInt(Math.round(Number(a as bigint) * toNum(b))), l, r);
    if (op === "/") return sticky((a, b) => (toNum(b) === 0 ? null : BigInt(Math.round(Number(a as bigint) / toNum(b)))), l, r);
  }
  if (!isTicks(lt) && isTicks(rt) && op === "*") {
    return sticky((a, b) => BigInt(Math.round(toNum(a) * Number(b as bigint))), l, r);
  }
  const integer = result === "int" || result === "long";
  switch (op) {
    case "+":
      return sticky((a, b) => toNum(a) + toNum(b), l, r);
    case "-":
      return sticky((a, b) => toNum(a) - toNum(b), l, r);
    case "*":
      return sticky((a, b) => toNum(a) * toNum(b), l, r);
    case "/":
      // `+ 0` turns -0 into 0: a long has no negative zero (-1 / 2 is 0)
      if (integer) return sticky((a, b) => (toNum(b) === 0 ? null : Math.trunc(toNum(a) / toNum(b)) + 0), l, r);
      return sticky((a, b) => toNum(a) / toNum(b), l, r);
    case "%":
      return sticky((a, b) => {
        const d = toNum(b);
        if (d === 0) return integer ? null : NaN;
        const m = toNum(a) % d;
        return m < 0 ? m + Math.abs(d) : m + 0;
      }, l, r);
  }
  throw new KqlError({ code: "KQL_RUNTIME", message: `internal: no implementation of ${lt} ${op} ${rt}` });
}

function toNum(v: Value): number {
  return typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : Number(v);
}

function mod(a: bigint, b: bigint): bigint {
  const m = a % b;
  return m < 0n ? m + (b < 0n ? -b : b) : m;
}

/** A string column's texts case-folded (for in~) through a memo: most such columns repeat a few values. */
function caseFolded(text: RowFn): RowFn {
  const fold = remembering(foldCase);
  return (i) => fold(text(i) as string);
}

function compileIn(expr: Extract<BoundExpr, { k: "in" }>, table: Table, env: ExecutionEnv): RowFn {
  if (expr.op === "has_any" || expr.op === "has_all") return compileHasAnyTable(expr, table, env);
  const left = compileExpr(expr.left, table, env);
  const leftType = expr.left.type;
  const caseInsensitive = expr.op === "in~" || expr.op === "!in~";
  const negated = expr.op === "!in" || expr.op === "!in~";
  const normalise = (v: Value): unknown => {
    if (v === null) return null;
    if (typeof v === "string") return caseInsensitive ? foldCase(v) : v;
    if (typeof v === "object") return hashKey(v);
    return v;
  };
  const leftValue: RowFn =
    leftType === "dynamic" ? (i) => normalise(left(i) as Value) as Value : leftType === "string" && caseInsensitive ? caseFolded(left) : left;

  let staticSet: Set<unknown> | undefined;
  const setOf = (values: Iterable<Value>): Set<unknown> => {
    const s = new Set<unknown>();
    for (const v of values) if (v !== null) s.add(normalise(v));
    return s;
  };
  if (expr.values) staticSet = setOf(expr.values);
  const items = (expr.items ?? []).map((e) => compileExpr(e, table, env));
  const subquery = expr.subquery;
  let subquerySet: Set<unknown> | undefined;
  const getSubquerySet = (): Set<unknown> => {
    if (!subquerySet) {
      const t = env.run(subquery!);
      const col = t.columns[0];
      const vals: Value[] = [];
      if (col) for (let i = 0; i < t.length; i++) vals.push(col.get(i));
      subquerySet = setOf(vals);
    }
    return subquerySet;
  };

  return (i) => {
    const v = leftValue(i);
    if (v === null) return null; // null in (...) and null !in (...) are both null
    let found = staticSet ? staticSet.has(v) : false;
    if (!found && subquery) found = getSubquerySet().has(v);
    for (let k = 0; !found && k < items.length; k++) {
      const item = items[k]!(i);
      if (Array.isArray(item)) {
        for (const el of item) if (normalise(el) === v) found = true;
      } else if (item !== null && normalise(item) === v) found = true;
    }
    return negated ? !found : found;
  };
}

/** `x has_any (T)`: the needles are the subquery's first column, read when the predicate first runs. */
function compileHasAnyTable(expr: Extract<BoundExpr, { k: "in" }>, table: Table, env: ExecutionEnv): RowFn {
  const text = stringOf(expr.left, table, env);
  const all = expr.op === "has_all";
  let test: ((t: string) => boolean) | undefined;
  return (i) => {
    if (!test) {
      const t = env.run(expr.subquery!);
      const col = t.columns[0];
      const needles: string[] = [];
      if (col) for (let r = 0; r < t.length; r++) needles.push(valueToString(col.get(r), col.type));
      test = bindHasAny(needles, all);
    }
    return test(text(i));
  };
}

function compileAccess(expr: Extract<BoundExpr, { k: "access" }>, table: Table, env: ExecutionEnv): RowFn {
  const target = compileExpr(expr.target, table, env);
  const key = compileExpr(expr.key, table, env);
  return (i) => {
    const t = target(i) as DynamicValue | undefined;
    const k = key(i);
    if (t === null || t === undefined || k === null) return null;
    if (Array.isArray(t)) {
      if (typeof k !== "number") return null;
      const idx = k < 0 ? t.length + k : k;
      const v = t[idx];
      return v === undefined ? null : v;
    }
    if (isBag(t) && typeof k === "string") {
      return Object.prototype.hasOwnProperty.call(t, k) ? (t[k] as DynamicValue) : null;
    }
    return null;
  };
}

/**
 * Window functions read neighbouring rows: prev/next index the argument's closure; the running ones
 * (row_number, row_cumsum, row_window_session) are computed over the whole column on first use.
 */
function compileWindow(expr: Extract<BoundExpr, { k: "window" }>, table: Table, env: ExecutionEnv): RowFn {
  const args = expr.args.map((a) => compileExpr(a, table, env));
  const n = table.length;
  const constant = (k: number, fallback: Value): Value => (expr.args[k]?.k === "const" ? (expr.args[k] as { value: Value }).value : fallback);
  switch (expr.fn) {
    case "prev":
    case "next": {
      const value = args[0]!;
      const offset = Number(constant(1, 1) ?? 1);
      const fallback = args[2];
      const step = expr.fn === "prev" ? -offset : offset;
      const nullValue: Value = expr.type === "string" ? "" : null;
      return (i) => {
        const j = i + step;
        return j >= 0 && j < n ? value(j) : fallback ? fallback(i) : nullValue;
      };
    }
    default: {
      let column: Value[] | undefined;
      return (i) => {
        column ??= runningColumn(expr, args, n);
        return column[i]!;
      };
    }
  }
}

function runningColumn(expr: Extract<BoundExpr, { k: "window" }>, args: RowFn[], n: number): Value[] {
  const out = new Array<Value>(n);
  switch (expr.fn) {
    case "row_number": {
      const start = args[0] ? Number(args[0](0) ?? 1) : 1;
      const restart = args[1];
      let k = start;
      for (let i = 0; i < n; i++) {
        if (i > 0 && restart && restart(i) === true) k = start;
        out[i] = k++;
      }
      return out;
    }
    case "row_cumsum": {
      const term = args[0]!;
      const restart = args[1];
      const ticks = expr.type === "timespan";
      let sum: number | bigint = ticks ? 0n : 0;
      for (let i = 0; i < n; i++) {
        if (i > 0 && restart && restart(i) === true) sum = ticks ? 0n : 0;
        const v = term(i);
        if (v !== null) sum = ticks ? (sum as bigint) + (v as bigint) : (sum as number) + Number(v);
        out[i] = sum;
      }
      return out;
    }
    case "row_rank_dense":
    case "row_rank_min": {
      // dense: 1 + the number of value changes since the (re)start; min: the 1-based position of the first row with this value
      const term = args[0]!;
      const restart = args[1];
      let rank = 0;
      let position = 0;
      let previous: unknown;
      for (let i = 0; i < n; i++) {
        const key = hashKey(term(i));
        const fresh = i === 0 || (restart !== undefined && restart(i) === true);
        if (fresh) position = 0;
        position++;
        if (fresh || key !== previous) rank = expr.fn === "row_rank_dense" ? (fresh ? 1 : rank + 1) : position;
        previous = key;
        out[i] = rank;
      }
      return out;
    }
    case "row_window_session": {
      const [value, fromFirst, betweenNeighbours, restart] = args as [RowFn, RowFn, RowFn, RowFn | undefined];
      let start: bigint | null = null;
      let previous: bigint | null = null;
      for (let i = 0; i < n; i++) {
        const v = value(i) as bigint | null;
        const maxFromFirst = fromFirst(i) as bigint | null;
        const maxGap = betweenNeighbours(i) as bigint | null;
        const fresh =
          start === null ||
          v === null ||
          (restart && restart(i) === true) ||
          (maxFromFirst !== null && v - start > maxFromFirst) ||
          (maxGap !== null && previous !== null && v - previous > maxGap);
        if (fresh) start = v;
        previous = v;
        out[i] = start;
      }
      return out;
    }
    default:
      return out.fill(null);
  }
}
