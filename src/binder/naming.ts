/**
 * Kusto's column naming rules, in one place:
 * - a name taken already gets the first free numeric suffix (`TimeGenerated1`, `count_1`);
 * - an unnamed expression is named after the column it is made from (`d.a.b` -> `d_a_b`,
 *   `tostring(x)` -> `x`, `strlen(x)` -> `strlen_x`, following each function's result-naming rule),
 *   otherwise `Column1`, `Column2`, ... (`print_0`, `print_1` for print).
 */
import type { CallExpression, Expression } from "../parser/ast.js";
import { findScalarFunction } from "../functions/registry.js";
import type { ColumnSchema, ScalarType } from "../types.js";

/** `base`, or `base1`, `base2`, ... whichever is not in `taken`. */
export function uniqueName(base: string, taken: { has(name: string): boolean }): string {
  if (!taken.has(base)) return base;
  for (let n = 1; ; n++) {
    const candidate = `${base}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Argument expressions that were written `Name = value`, with that name (see positionalCall). */
const argumentNames = new WeakMap<Expression, string>();

/** The name an argument was written with (`F` for `F = x`), if any. */
export function argumentName(e: Expression): string | undefined {
  return argumentNames.get(e);
}

/**
 * A call to a built-in function with its named arguments (`round(F = x / y)`) put back among the
 * positional ones in the order written, as Kusto's binder reads them: a built-in binds its arguments by
 * position and the name only names the result (`round(F = x)` is column F, `sum(F = x)` is sum_F). The
 * call itself when it has no named arguments. User functions keep named arguments (binder.ts).
 */
export function positionalCall(e: CallExpression): CallExpression {
  if (!e.namedArgs.length) return e;
  const merged: { at: number; expr: Expression }[] = e.args.map((a) => ({ at: a.span.start, expr: a }));
  for (const n of e.namedArgs) {
    const value = { ...n.value };
    argumentNames.set(value, n.name);
    merged.push({ at: n.span.start, expr: value });
  }
  merged.sort((x, y) => x.at - y.at);
  return { ...e, args: merged.map((m) => m.expr), namedArgs: [] };
}

/**
 * The name Kusto derives from an unnamed expression, or undefined when it has none. `leaf` names nodes
 * the caller knows better (in summarize, an aggregate call is named `avg_x`, so `round(avg(x), 2)` is too).
 */
export function derivedName(e: Expression, leaf?: (e: Expression) => string | undefined): string | undefined {
  const own = leaf?.(e) ?? argumentNames.get(e);
  if (own !== undefined) return own;
  if (e.kind === "Call" && e.namedArgs.length && findScalarFunction(e.name)) e = positionalCall(e);
  switch (e.kind) {
    case "Name":
      return e.joinSide ? undefined : e.name;
    case "Paren":
      return derivedName(e.expression, leaf);
    case "Member": {
      const target = derivedName(e.target, leaf);
      if (e.target.kind === "Name" && e.target.joinSide) return e.member;
      return target === undefined ? undefined : `${target}_${e.member}`;
    }
    case "Index": {
      const target = derivedName(e.target, leaf);
      if (target === undefined || e.index.kind !== "Literal") return undefined;
      return typeof e.index.value === "string" ? `${target}_${e.index.value}` : `${target}_${String(e.index.value)}`;
    }
    case "Call": {
      const fn = findScalarFunction(e.name);
      const first = e.args[0];
      if (!fn || first === undefined) return undefined;
      if (fn.fixedResultName !== undefined) return fn.fixedResultName;
      switch (fn.resultNaming ?? "none") {
        case "firstArg":
          return derivedName(first, leaf);
        case "onlyArg":
          return e.args.length === 1 ? derivedName(first, leaf) : undefined;
        case "prefixAndFirstArg": {
          const inner = derivedName(first, leaf);
          return inner === undefined ? undefined : `${fn.resultPrefix ?? e.name}_${inner}`;
        }
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** Hands out `Column1`, `Column2`, ... skipping names already taken. */
export class ColumnNamer {
  private next = 1;
  constructor(private readonly prefix = "Column", start = 1) {
    this.next = start;
  }
  fresh(taken: ReadonlySet<string>): string {
    for (;;) {
      const name = `${this.prefix}${this.next++}`;
      if (!taken.has(name)) return name;
    }
  }
}

/** An operator's output columns as they are named: unique names, `Column1`... for unnamed ones. */
export class OutputColumns {
  readonly schema: ColumnSchema[] = [];
  readonly taken = new Set<string>();
  private readonly namer = new ColumnNamer();

  add(name: string, type: ScalarType): void {
    this.schema.push({ name, type });
    this.taken.add(name);
  }

  /** `base` made unique, or the next `ColumnN` when there is no base name. */
  nameFor(base: string | undefined): string {
    return base === undefined ? this.namer.fresh(this.taken) : uniqueName(base, this.taken);
  }
}

/** Column names an expression mentions, in first-mention order (conservative: every Name node). */
export function namesIn(e: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(e)) e.forEach((x) => namesIn(x, out));
  else if (typeof e === "object" && e !== null) {
    const node = e as { kind?: string; name?: string };
    if (node.kind === "Name" && typeof node.name === "string") out.add(node.name);
    for (const [key, v] of Object.entries(e)) if (key !== "span" && typeof v === "object" && v !== null) namesIn(v, out);
  }
  return out;
}

/** `*` and `?`-free glob match of a column pattern (`Prop*`, `*_s`). */
export function matchesPattern(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  const parts = pattern.split("*");
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === 0) {
      if (!name.startsWith(part)) return false;
      pos = part.length;
    } else if (i === parts.length - 1) {
      return name.length - part.length >= pos && name.endsWith(part);
    } else {
      const at = name.indexOf(part, pos);
      if (at < 0) return false;
      pos = at + part.length;
    }
  }
  return true;
}
