/**
 * The family modules gathered for the registry. Each family module exports its entries; adding a
 * function is one entry in its module.
 */
import type { AggregateFunctionDef, ScalarFunctionDef } from "./types.js";

export const SCALAR_FAMILIES: ScalarFunctionDef[][] = [];

export const AGGREGATE_FAMILIES: AggregateFunctionDef[][] = [];
