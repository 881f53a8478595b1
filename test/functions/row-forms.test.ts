/**
 * A function with a per-row form (`bindRow`: iff, case, coalesce, isempty, isnotempty) runs it wherever it is
 * compiled (rows and bind-time folding), and `bind` wherever an implementation over an argument array is
 * called directly: the two must give the same value for every argument, converted arguments included.
 */
import fc from "fast-check";
import { SCALAR_FUNCTIONS } from "../../src/functions/registry.js";
import type { ArgInfo, ScalarFunctionDef } from "../../src/functions/types.js";
import type { Value } from "../../src/runtime/values.js";
import type { ScalarType } from "../../src/types.js";
import { runQuerySync } from "../../src/api.js";

const CTX = { now: 0n };

/** Values of a type as rows hold them, null (and the empty string) included. */
function valuesOf(type: ScalarType): fc.Arbitrary<Value> {
  switch (type) {
    case "bool":
      return fc.constantFrom(true, false, null);
    case "long":
      return fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(null));
    case "real":
      return fc.oneof(fc.double({ noNaN: true, min: -5, max: 5 }), fc.constant(null));
    case "string":
      return fc.constantFrom("", "a", "B c");
    default:
      return fc.oneof(fc.constant(null), fc.integer(), fc.constantFrom("", "x"));
  }
}

/**
 * Argument types for a call: `condition` (bool, or dynamic, which the binder lets fill a bool parameter and
 * which is then converted) where the parameter wants a bool, else `branch` (or, for a variadic tail, more of it).
 */
function argTypes(fn: ScalarFunctionDef, count: number, branch: ScalarType, condition: ScalarType): ScalarType[] {
  return Array.from({ length: count }, (_, k) => {
    const param = fn.params[Math.min(k, fn.params.length - 1)]!;
    // case alternates predicate and value: a variadic tail repeats the last two parameters.
    const kind = fn.name === "case" ? (k % 2 === 0 && k < count - 1 ? "bool" : "any") : param.kind;
    return kind === "bool" ? condition : branch;
  });
}

const withRowForm = SCALAR_FUNCTIONS.filter((f) => f.bindRow);

describe("per-row forms", () => {
  it("exist for the functions the filter pass calls on every row", () => {
    expect(withRowForm.map((f) => f.name).sort()).toEqual(["case", "coalesce", "iff", "isempty", "isnotempty"]);
  });

  it.each(withRowForm.map((f) => [f.name, f] as const))("%s gives what bind gives", (_name, fn) => {
    const minArgs = fn.params.filter((p) => !p.optional && !p.variadic).length;
    const shape = fc.record({
      branch: fc.constantFrom<ScalarType>("string", "long", "real", "bool", "dynamic"),
      condition: fc.constantFrom<ScalarType>("bool", "dynamic"),
      extra: fc.integer({ min: 0, max: fn.params.some((p) => p.variadic) ? 3 : 0 }),
    });
    fc.assert(
      fc.property(
        shape.chain(({ branch, condition, extra }) => {
          const types = argTypes(fn, Math.max(minArgs, 1) + extra, branch, condition);
          return fc.tuple(fc.constant(types), fc.tuple(...types.map(valuesOf)));
        }),
        ([types, values]) => {
          const infos: ArgInfo[] = types.map((type) => ({ type, constant: false }));
          const folded = fn.bind(infos, CTX)(values);
          const perRow = fn.bindRow!(infos, CTX)(values.map((v) => () => v))(0);
          expect(perRow).toEqual(folded);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("convert a dynamic condition as the bool parameter's other readers do", () => {
    const q = `datatable(d:dynamic)[dynamic(true), dynamic("true"), dynamic(1), dynamic(0), dynamic("false"), dynamic(null)]
      | extend r = iff(d, "y", "n"), c = case(d, "y", "n"), expected = iff(tobool(d), "y", "n")`;
    const rows = runQuerySync(q, {}, { now: "2026-01-01T00:00:00Z" }).rows;
    expect(rows.map((r) => [r.r, r.c])).toEqual(rows.map((r) => [r.expected, r.expected]));
    expect(rows.map((r) => r.expected)).toEqual(["y", "y", "y", "n", "n", "n"]);
  });
});
