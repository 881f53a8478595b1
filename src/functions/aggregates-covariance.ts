/**
 * covariance / covariancep / covarianceif / covariancepif: the sample or population covariance of two
 * expressions over the rows where both are non-null (and the predicate holds), by an online co-moment
 * update (Welford's form). Null over no pairs; the sample covariance of one pair is 0 / 0, so null too.
 */
import type { Value } from "../runtime/values.js";
import type { AggregateFunctionDef } from "./types.js";

function num(v: Value): number | null {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;
}

function covariance(population: boolean, withPredicate: boolean): AggregateFunctionDef {
  const name = `covariance${population ? "p" : ""}${withPredicate ? "if" : ""}`;
  return {
    name,
    category: "aggregate",
    description: `The ${population ? "population" : "sample"} covariance of two expressions over the rows where both are non-null${withPredicate ? " and the predicate is true" : ""}.`,
    params: [
      { name: "expr1", kind: "numeric" },
      { name: "expr2", kind: "numeric" },
      ...(withPredicate ? [{ name: "predicate", kind: "bool" as const }] : []),
    ],
    returns: "real",
    // Named after the first expression only, as Microsoft's binder names it (covariance(x, y) -> covariance_x).
    defaultName: (args) => `${name}_${args[0]?.columnName ?? ""}`,
    bind: () => () => {
      let n = 0;
      let meanX = 0;
      let meanY = 0;
      let c = 0;
      return {
        add: (a) => {
          if (withPredicate && a[2] !== true) return;
          const x = num(a[0] as Value);
          const y = num(a[1] as Value);
          if (x === null || y === null) return;
          n++;
          const dx = x - meanX;
          meanX += dx / n;
          meanY += (y - meanY) / n;
          c += dx * (y - meanY);
        },
        result: () => {
          if (n === 0) return null;
          if (population) return c / n;
          return n < 2 ? null : c / (n - 1);
        },
      };
    },
  };
}

export const COVARIANCE_AGGREGATES: AggregateFunctionDef[] = [covariance(false, false), covariance(true, false), covariance(false, true), covariance(true, true)];
