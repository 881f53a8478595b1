/**
 * The shape of a registry entry. The registry is the single source of truth for every scalar function,
 * aggregate and string operator: the binder asks it for argument checks, result types and default
 * column names; the runtime asks it for implementations; the docs generator lists it.
 */
import type { ScalarType } from "../types.js";
import type { Value } from "../runtime/values.js";

/** What a parameter accepts. Concrete types accept themselves plus implicit numeric widening (int -> long -> real). */
export type ParamKind =
  | ScalarType
  | "any" // any scalar, dynamic included
  | "numeric" // int, long, real, decimal
  | "integer" // int, long
  | "summable" // numeric, timespan (and datetime for min/max-like functions use "orderable")
  | "orderable" // numeric, string, datetime, timespan, bool, guid
  | "stringlike"; // string, or dynamic (read as its JSON text), for functions Kusto lets take either

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  optional?: boolean;
  /** The last parameter may repeat (strcat, coalesce, case, pack_array). */
  variadic?: boolean;
  /** The argument must be a constant (a literal or a let-bound scalar known before any row runs). */
  constant?: boolean;
}

/** What the binder knows about one argument at a call site. */
export interface ArgInfo {
  type: ScalarType;
  /** Set when the argument is a constant; then `value` holds it. */
  constant: boolean;
  value?: Value;
  /** Set when the argument is a plain column reference (for result naming). */
  columnName?: string;
}

/** Per-query facts that some functions need when they are bound. */
export interface QueryContext {
  /** `now()` for the whole query, in ticks. */
  now: bigint;
}

/** A per-row implementation. `args` is a buffer reused between rows: read it, never keep it. */
export type ScalarImpl = (args: readonly Value[]) => Value;

/** A function reading one value per row: a compiled argument, or a compiled call. */
export type RowReader = (row: number) => Value;

/**
 * Builds a call's per-row function from its arguments' per-row functions, once per operator: `read[k]`
 * gives argument k's value on a row. For functions that read only some arguments on each row (iff, case,
 * coalesce: a branch not taken is never read from the caller's rows), and for small functions on every
 * row of a filter's pass (isempty, isnotempty): each function writes its own closure, so a row costs one
 * call into it instead of a generic wrapper filling an argument buffer and calling `bind`'s implementation.
 */
export type RowImplComposer = (read: readonly RowReader[]) => RowReader;

/**
 * How an unnamed `extend`/`project` column is named after a call, mirroring Kusto.Language's
 * ResultNameKind: `none` gives `Column1`...; `firstArg` gives the first argument's column name
 * (`tostring(x)` -> `x`); `prefixAndFirstArg` gives `<fn>_<col>` (`strlen(x)` -> `strlen_x`).
 */
export type ResultNaming = "none" | "firstArg" | "prefixAndFirstArg" | "onlyArg";

export interface ScalarFunctionDef {
  name: string;
  aliases?: readonly string[];
  /** The reference's family, used to group the generated docs (`string`, `datetime`, `ip`, ...). */
  category: string;
  /** One line for the generated docs. */
  description: string;
  params: readonly ParamSpec[];
  /** The result type: fixed, or computed from the argument types (iff, coalesce, case, min_of...). */
  returns: ScalarType | ((args: readonly ArgInfo[]) => ScalarType);
  resultNaming?: ResultNaming;
  /** With `prefixAndFirstArg`: the prefix when it is not the function's name (`percentiles_array_tdigest(t, ...)` -> `percentile_tdigest_t`). */
  resultPrefix?: string;
  /** A name Kusto gives every unnamed call, whatever its arguments (`hll_merge(a, b)` -> `hll_merged_result`). */
  fixedResultName?: string;
  /** Gives a new value on every call (rand, new_guid): never folded into a constant at bind time. */
  volatile?: boolean;
  /** Builds the implementation for one call site, once; may specialise on constant arguments. */
  bind: (args: readonly ArgInfo[], ctx: QueryContext) => ScalarImpl;
  /**
   * Optional: the same function as a composer of per-row functions (RowImplComposer). Compiled calls run it
   * (on rows and in bind-time folding); `bind`'s implementation serves callers that hold an argument array.
   * Both must agree on every value, converted arguments included (test/functions/row-forms.test.ts).
   */
  bindRow?: (args: readonly ArgInfo[], ctx: QueryContext) => RowImplComposer;
  /**
   * Set for a function that returns several columns (series_fit_line, series_decompose_anomalies, ...):
   * one entry per column, in order, and the implementation returns an array with one value per entry.
   * extend and project give the columns the names of `(a, b) = f(x)` in order, then `<fn>_<arg>_<suffix>`
   * (Kusto.Language's naming, also for `name = f(x)`, which names only the first); elsewhere the call is
   * an error. `returns` is then unused: say "dynamic".
   */
  tuple?: readonly TupleColumn[];
}

/** One column of a multi-column (tuple) function result. */
export interface TupleColumn {
  suffix: string;
  type: ScalarType;
}

/** An aggregation's running state for one group. */
export interface Accumulator {
  add(args: readonly Value[]): void;
  result(): Value;
}

/**
 * The state of one aggregate call for every group at once, kept in arrays: no object per group. An
 * optional fast path for the hottest aggregates (count, countif, min, max, arg_max, arg_min); summarize
 * uses it when an entry has one and gives the same results as the per-group Accumulator.
 */
export interface GroupedAccumulator {
  /** Adds a group; groups are numbered 0, 1, 2, ... in the order they are added. */
  addGroup(): void;
  add(group: number, args: readonly Value[]): void;
  result(group: number): Value;
  /**
   * Optional: whether the group's result is settled, so that later rows change nothing (take_any has its
   * value). summarize then neither evaluates the aggregate's arguments for the group's rows nor calls add.
   */
  settled?(group: number): boolean;
}

export interface AggregateFunctionDef {
  name: string;
  aliases?: readonly string[];
  category: string;
  description: string;
  params: readonly ParamSpec[];
  returns: ScalarType | ((args: readonly ArgInfo[]) => ScalarType);
  /**
   * The column name Kusto gives an unnamed aggregate: `count()` -> `count_`, `sum(x)` -> `sum_x`,
   * `make_set(x)` -> `set_x`, `percentile(x, 50)` -> `percentile_x_50`.
   */
  defaultName: (args: readonly ArgInfo[]) => string;
  /** A factory of accumulators for one call site (constant arguments such as a max size are read here). */
  bind: (args: readonly ArgInfo[]) => () => Accumulator;
  /**
   * An aggregate that stands for several, one column each (`percentiles(x, 50, 90)` is `percentile(x, 50)`
   * and `percentile(x, 90)`): summarize binds each part as its own aggregate, named and typed by the part's
   * entry, in order (`summarize (p50, p90) = percentiles(...)` names them). Each part gives a registered
   * aggregate's name and which of this call's arguments (by index) it takes.
   */
  expand?: (argCount: number) => readonly { name: string; args: readonly number[] }[];
  /** The array-backed form of `bind` (see GroupedAccumulator), for aggregates summarize runs most. */
  bindGrouped?: (args: readonly ArgInfo[]) => () => GroupedAccumulator;
  /**
   * The aggregate picks a row (arg_max, arg_min): the earliest row holding the largest ("max") or smallest
   * ("min") non-null first argument, or the group's first row when every value is null. Its result is that
   * row's index (summarize passes the row as the second argument). Declaring it lets summarize pick the row
   * by any representation that orders the same way (a datetime as two numbers, no bigint per row).
   */
  extremeRowOf?: "max" | "min";
  /**
   * The aggregate is the largest ("max") or smallest ("min") non-null value of its only argument, null when
   * there is none (max, min): summarize may find the row holding it by another ordering representation and
   * read the value from that row.
   */
  extremeValueOf?: "max" | "min";
}
