/** Logical and null-testing functions: iff/iif, case, coalesce, not, isnull, isempty and friends. */
import type { ScalarType } from "../types.js";
import type { Value } from "../runtime/values.js";
import type { ArgInfo, RowImplComposer, RowReader, ScalarFunctionDef, ScalarImpl } from "./types.js";
import { valueToString } from "../runtime/values.js";
import { toBool, toDateTime, toGuid, toInt, toLong, toReal, toTimespan } from "./conversion.js";
import { commonType, scalarToDynamic } from "./util.js";

/** Converts a branch value to the call's result type where the JS shape differs (to or from dynamic). */
function coercer(from: ScalarType, to: ScalarType): ((v: Value) => Value) | undefined {
  if (to === "dynamic" && from !== "dynamic") return (v) => scalarToDynamic(v, from);
  if (from !== "dynamic" || to === "dynamic") return undefined;
  switch (to) {
    case "string":
      return (v) => (typeof v === "string" ? v : v === null || v === undefined ? "" : valueToString(v, "dynamic"));
    case "int":
      return (v) => toInt(v, "dynamic");
    case "long":
      return (v) => toLong(v, "dynamic");
    case "real":
    case "decimal":
      return (v) => toReal(v, "dynamic");
    case "bool":
      return (v) => toBool(v, "dynamic");
    case "datetime":
      return (v) => toDateTime(v, "dynamic");
    case "timespan":
      return (v) => toTimespan(v, "dynamic");
    case "guid":
      return (v) => toGuid(v, "dynamic");
  }
}

/**
 * The result type of iff/case branches, as Kusto's binder computes it: a dynamic branch takes the type of
 * the others (`iff(c, d.x, "")` is a string); numbers widen; branches of unrelated types give dynamic.
 */
function branchType(types: readonly ScalarType[]): ScalarType {
  const rest = [...new Set(types.filter((t) => t !== "dynamic"))];
  if (rest.length === 0) return "dynamic";
  if (rest.length === 1) return rest[0]!;
  const numeric = commonType(rest);
  return rest.every((t) => t === "int" || t === "long" || t === "real" || t === "decimal") ? numeric : "dynamic";
}

function isEmptyValue(v: Value): boolean {
  return v === null || v === undefined || v === "";
}

function branchTypes(args: readonly ArgInfo[], indexes: number[]): ScalarType[] {
  return indexes.map((i) => args[i]?.type ?? "dynamic");
}

const caseResultIndexes = (n: number): number[] => {
  const out: number[] = [];
  for (let i = 1; i < n - 1; i += 2) out.push(i);
  out.push(n - 1);
  return out;
};

const iff: ScalarFunctionDef = {
  name: "iff",
  aliases: ["iif"],
  category: "logical",
  description: "Returns the second argument when the condition is true, else the third (a null condition counts as false).",
  params: [
    { name: "condition", kind: "bool" },
    { name: "then", kind: "any" },
    { name: "else", kind: "any" },
  ],
  returns: (args) => branchType(branchTypes(args, [1, 2])),
  resultNaming: "none",
  bind: (args) => eager(iffRows(args)),
  // Only the branch taken is read: a rule's iff(isnotempty(A), A, B) reads B only where A is empty.
  bindRow: (args) => iffRows(args),
};

function iffRows(args: readonly ArgInfo[]): RowImplComposer {
  const to = branchType(branchTypes(args, [1, 2]));
  const ct = coercer(args[1]!.type, to);
  const ce = coercer(args[2]!.type, to);
  return ([condition, then, otherwise]) => {
    const c = condition!;
    const t = then!;
    const e = otherwise!;
    if (!ct && !ce) return (i) => (c(i) === true ? t(i) : e(i));
    return (i) => (c(i) === true ? (ct ? ct(t(i)) : t(i)) : ce ? ce(e(i)) : e(i));
  };
}

/** The array-argument form of a per-row composer (`bind`), for callers that hold the argument values. */
function eager(rows: RowImplComposer): ScalarImpl {
  return (a) => rows(a.map((v) => () => v as Value))(0);
}

const caseFn: ScalarFunctionDef = {
  name: "case",
  category: "logical",
  description: "Evaluates predicate/value pairs in order and returns the value of the first true predicate, else the last argument.",
  params: [
    { name: "predicate", kind: "bool" },
    { name: "then", kind: "any" },
    { name: "else", kind: "any", variadic: true },
  ],
  returns: (args) => branchType(branchTypes(args, caseResultIndexes(args.length))),
  resultNaming: "none",
  bind: (args) => eager(caseRows(args)),
  bindRow: (args) => caseRows(args),
};

/** case: predicates are read in order until one is true, and only that branch's value (or the last). */
function caseRows(args: readonly ArgInfo[]): RowImplComposer {
  const n = args.length;
  const to = branchType(branchTypes(args, caseResultIndexes(n)));
  const conv = args.map((a) => coercer(a.type, to));
  return (r) => (row) => {
    for (let i = 0; i + 1 < n; i += 2) {
      if (r[i]!(row) === true) {
        const c = conv[i + 1];
        return c ? c(r[i + 1]!(row)) : r[i + 1]!(row);
      }
    }
    const c = conv[n - 1];
    return c ? c(r[n - 1]!(row)) : r[n - 1]!(row);
  };
}

const coalesce: ScalarFunctionDef = {
  name: "coalesce",
  category: "logical",
  description: "Returns the first argument that is not null (for strings: not empty).",
  params: [
    { name: "arg", kind: "any" },
    { name: "args", kind: "any", variadic: true },
  ],
  returns: (args) => commonType(args.map((a) => a.type)),
  resultNaming: "none",
  bind: (args) => eager(coalesceRows(args)),
  bindRow: (args) => coalesceRows(args),
};

/** coalesce: arguments are read in order up to the first one that is not empty. */
function coalesceRows(args: readonly ArgInfo[]): RowImplComposer {
  const to = commonType(args.map((a) => a.type));
  const conv = args.map((a) => coercer(a.type, to));
  const n = args.length;
  return (r) => (row) => {
    for (let i = 0; i < n; i++) {
      const v = r[i]!(row);
      if (!isEmptyValue(v)) return conv[i] ? conv[i]!(v) : v;
    }
    return to === "string" ? "" : null;
  };
}

const not: ScalarFunctionDef = {
  name: "not",
  category: "logical",
  description: "Reverses a bool value (null stays null).",
  params: [{ name: "expression", kind: "bool" }],
  returns: "bool",
  resultNaming: "none",
  bind: () => (a) => (a[0] === null || a[0] === undefined ? null : !a[0]),
};

const isnull: ScalarFunctionDef = {
  name: "isnull",
  category: "logical",
  description: "True when the argument is null. A string is never null (an empty string gives false).",
  params: [{ name: "expression", kind: "any" }],
  returns: "bool",
  resultNaming: "none",
  bind: (args) => (args[0]!.type === "string" ? () => false : (a) => a[0] === null || a[0] === undefined),
};

const isnotnull: ScalarFunctionDef = {
  name: "isnotnull",
  aliases: ["notnull"],
  category: "logical",
  description: "True when the argument is not null. A string is never null.",
  params: [{ name: "expression", kind: "any" }],
  returns: "bool",
  resultNaming: "none",
  bind: (args) => (args[0]!.type === "string" ? () => true : (a) => !(a[0] === null || a[0] === undefined)),
};

const isempty: ScalarFunctionDef = {
  name: "isempty",
  category: "logical",
  description: "True when the argument is an empty string or null.",
  params: [{ name: "value", kind: "any" }],
  returns: "bool",
  resultNaming: "none",
  bind: () => eager(isemptyRows),
  bindRow: () => isemptyRows,
};

function isemptyRows([value]: readonly RowReader[]): RowReader {
  const v = value!;
  return (i) => isEmptyValue(v(i));
}

const isnotempty: ScalarFunctionDef = {
  name: "isnotempty",
  aliases: ["notempty"],
  category: "logical",
  description: "True when the argument is neither an empty string nor null.",
  params: [{ name: "value", kind: "any" }],
  returns: "bool",
  resultNaming: "none",
  bind: () => eager(isnotemptyRows),
  bindRow: () => isnotemptyRows,
};

function isnotemptyRows([value]: readonly RowReader[]): RowReader {
  const v = value!;
  return (i) => !isEmptyValue(v(i));
}

export const LOGIC_FUNCTIONS: ScalarFunctionDef[] = [iff, caseFn, coalesce, not, isnull, isnotnull, isempty, isnotempty];
