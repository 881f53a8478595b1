/**
 * The registry: every scalar function and aggregate the engine knows, gathered from the family modules.
 * Adding a function is one entry in its family's module plus its tests; nothing else grows.
 */
import type { AggregateFunctionDef, ScalarFunctionDef } from "./types.js";
import { SCALAR_FAMILIES, AGGREGATE_FAMILIES } from "./families.js";

export type { AggregateFunctionDef, ScalarFunctionDef } from "./types.js";

function index<T extends { name: string; aliases?: readonly string[] }>(entries: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const entry of entries) {
    for (const name of [entry.name, ...(entry.aliases ?? [])]) {
      if (map.has(name)) throw new Error(`function registered twice: ${name}`);
      map.set(name, entry);
    }
  }
  return map;
}

export const SCALAR_FUNCTIONS: readonly ScalarFunctionDef[] = SCALAR_FAMILIES.flat();
export const AGGREGATE_FUNCTIONS: readonly AggregateFunctionDef[] = AGGREGATE_FAMILIES.flat();

const scalarIndex = index(SCALAR_FUNCTIONS);
const aggregateIndex = index(AGGREGATE_FUNCTIONS);

/** A scalar function by name or alias (KQL function names are case-sensitive). */
export function findScalarFunction(name: string): ScalarFunctionDef | undefined {
  return scalarIndex.get(name);
}

export function findAggregateFunction(name: string): AggregateFunctionDef | undefined {
  return aggregateIndex.get(name);
}

/** Every known function name, for "did you mean" suggestions. */
export function allFunctionNames(): string[] {
  return [...scalarIndex.keys(), ...aggregateIndex.keys()];
}
