/**
 * Argument coercion to the declared parameter type. The binder lets a dynamic argument fill any
 * parameter (Kusto converts it at run time) and a string fill a datetime/timespan parameter; this wrapper
 * converts such arguments per row (and their constant values once) so every implementation receives the
 * JS shape of its declared type: `startofday(d.when)`, `datetime_diff("day", "2024-01-01", x)`.
 */
import type { ScalarType } from "../types.js";
import type { Value } from "../runtime/values.js";
import type { ArgInfo, ParamKind, RowImplComposer, RowReader, ScalarFunctionDef, ScalarImpl } from "./types.js";
import { toBool, toDateTime, toGuid, toInt, toLong, toReal, toTimespan } from "./conversion.js";

type Conv = { to: ScalarType; fn: (v: Value, from: ScalarType) => Value };

function converterFor(kind: ParamKind, from: ScalarType): Conv | undefined {
  switch (kind) {
    case "datetime":
      return from === "datetime" ? undefined : { to: "datetime", fn: toDateTime };
    case "timespan":
      return from === "timespan" ? undefined : { to: "timespan", fn: toTimespan };
    case "int":
      return from === "int" || from === "long" ? undefined : from === "dynamic" || from === "bool" ? { to: "int", fn: toInt } : undefined;
    case "long":
    case "integer":
      return from === "int" || from === "long" ? undefined : from === "dynamic" || from === "bool" ? { to: "long", fn: toLong } : undefined;
    case "real":
    case "decimal":
    case "numeric":
      return from === "dynamic" || from === "bool" ? { to: "real", fn: toReal } : undefined;
    case "bool":
      return from === "dynamic" ? { to: "bool", fn: toBool } : undefined;
    case "guid":
      return from === "guid" ? undefined : from === "string" || from === "dynamic" ? { to: "guid", fn: toGuid } : undefined;
    default:
      return undefined;
  }
}

const CONVERTIBLE = new Set<ParamKind>(["datetime", "timespan", "int", "long", "integer", "real", "decimal", "numeric", "bool", "guid"]);

/** Wraps a definition so arguments are converted to their parameters' types before its bind/impl see them. */
export function withArgumentCoercion(def: ScalarFunctionDef): ScalarFunctionDef {
  if (!def.params.some((p) => CONVERTIBLE.has(p.kind))) return def;
  const plan = (args: readonly ArgInfo[]): { infos: ArgInfo[]; convs: Array<Conv | undefined> } | undefined => {
    let any = false;
    const convs = args.map((a, i) => {
      const p = def.params[Math.min(i, def.params.length - 1)];
      const c = p ? converterFor(p.kind, a.type) : undefined;
      if (c) any = true;
      return c;
    });
    if (!any) return undefined;
    const infos = args.map((a, i) => {
      const c = convs[i];
      if (!c) return a;
      const info: ArgInfo = { ...a, type: c.to };
      if (a.constant) info.value = c.fn(a.value ?? null, a.type);
      return info;
    });
    return { infos, convs };
  };
  const returns = typeof def.returns === "function" ? def.returns : undefined;
  const wrapped: ScalarFunctionDef = {
    ...def,
    returns: returns ? (args) => returns(plan(args)?.infos ?? args) : def.returns,
    bind: (args, ctx): ScalarImpl => {
      const p = plan(args);
      if (!p) return def.bind(args, ctx);
      const inner = def.bind(p.infos, ctx);
      const types = args.map((a) => a.type);
      const convs = p.convs;
      const n = args.length;
      const buf: Value[] = new Array<Value>(n).fill(null);
      return (a) => {
        for (let i = 0; i < n; i++) {
          const c = convs[i];
          buf[i] = c ? c.fn(a[i] as Value, types[i]!) : (a[i] as Value);
        }
        return inner(buf);
      };
    },
  };
  // A per-row form reads its arguments through functions: each converted argument's function converts what
  // it reads, so the row form sees the same values as `bind`'s implementation (iff over a dynamic condition).
  const bindRow = def.bindRow;
  if (bindRow) {
    wrapped.bindRow = (args, ctx): RowImplComposer => {
      const p = plan(args);
      if (!p) return bindRow(args, ctx);
      const inner = bindRow(p.infos, ctx);
      const convs = p.convs;
      return (read) =>
        inner(
          read.map((r, i): RowReader => {
            const c = convs[i];
            if (!c) return r;
            const from = args[i]!.type;
            return (row) => c.fn(r(row), from);
          }),
        );
    };
  }
  return wrapped;
}
