/** Test helpers: find a function in the registry, bind it to (value, type) arguments and call it. */
import { findAggregateFunction, findScalarFunction } from "../../src/functions/registry.js";
import type { ArgInfo, QueryContext } from "../../src/functions/types.js";
import type { ScalarType } from "../../src/types.js";
import { parseDateTime, type Value } from "../../src/runtime/values.js";

/** 2024-05-15T12:34:56.789Z, a Wednesday. */
export const NOW = parseDateTime("2024-05-15T12:34:56.789Z")!;
export const CTX: QueryContext = { now: NOW };

export type Arg = [Value, ScalarType] | { value: Value; type: ScalarType; constant?: boolean; columnName?: string };

export function argInfo(a: Arg): ArgInfo {
  if (Array.isArray(a)) return { type: a[1], constant: true, value: a[0] };
  return { type: a.type, constant: a.constant ?? true, value: a.constant === false ? undefined : a.value, columnName: a.columnName };
}

function argValue(a: Arg): Value {
  return Array.isArray(a) ? a[0] : a.value;
}

/** Binds `name` with the given arguments (constants unless marked otherwise) and calls it once. */
export function call(name: string, ...args: Arg[]): Value {
  const def = findScalarFunction(name);
  if (!def) throw new Error(`no function ${name}`);
  const impl = def.bind(args.map(argInfo), CTX);
  return impl(args.map(argValue));
}

/** Like call, but every argument is a non-constant (a column), so the per-row path runs. */
export function callDyn(name: string, ...args: Arg[]): Value {
  const def = findScalarFunction(name);
  if (!def) throw new Error(`no function ${name}`);
  const infos = args.map((a) => ({ ...argInfo(a), constant: false, value: undefined }));
  const impl = def.bind(infos, CTX);
  return impl(args.map(argValue));
}

/** Calls both ways and checks they agree, returning the result. */
export function both(name: string, ...args: Arg[]): Value {
  const a = call(name, ...args);
  const b = callDyn(name, ...args);
  expect(b).toEqual(a);
  return a;
}

export function returnType(name: string, ...args: Arg[]): ScalarType {
  const def = findScalarFunction(name)!;
  return typeof def.returns === "function" ? def.returns(args.map(argInfo)) : def.returns;
}

/** Runs an aggregate over rows of argument values. */
export function aggregate(name: string, args: Arg[], rows: Value[][]): Value {
  const def = findAggregateFunction(name);
  if (!def) throw new Error(`no aggregate ${name}`);
  const infos = args.map((a) => {
    const info = argInfo(a);
    return Array.isArray(a) ? { ...info, constant: false, value: undefined } : info;
  });
  const acc = def.bind(infos)();
  for (const r of rows) acc.add(r);
  return acc.result();
}

export const dt = (s: string): bigint => parseDateTime(s)!;
