/**
 * Filters over a column of the caller's rows read the field themselves (Column.fieldAccess) instead of
 * calling the column's reader, for a string operator or `==`/`!=` against a constant; a datetime comparison
 * against a constant decides on the raw text where it can (runtime/predicate.ts). Whatever the field holds
 * (text, a number, true, null, an object, nothing), the rows kept must be those the general path keeps: the
 * same filter over a computed copy of the column, and over the column under a selection (after a sort).
 */
import fc from "fast-check";
import type { InputRow } from "../../src/api-types.js";
import { run } from "./helpers.js";

const schemas = {
  T: [
    { name: "id", type: "long" },
    { name: "s", type: "string" },
    { name: "t", type: "datetime" },
  ],
};

const rawValue = fc.oneof(
  fc.constantFrom("VAULTS", "vaults", "Vaults", "vault", "a b", "A.B", "", "5", "true", "é", "2026-11-28T11:00:00.0000000Z"),
  fc.string({ maxLength: 6 }).filter((s) => !/["\\]/.test(s)),
  fc.integer({ min: -3, max: 7 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant({ k: "VAULTS" }),
);
const timeValue = fc.oneof(
  fc.constantFrom(
    "2026-11-28T11:00:00.0000000Z",
    "2026-11-28T10:59:59.9999999Z",
    "2026-11-28T12:30:00.0000000Z",
    "2026-11-28 11:30:00",
    " 2026-11-28T11:30:00.0000000Z",
    "2026-11-28T11:30:00.000000 Z",
    "2026-11-28T12:00:00+02:00",
    "2026-13-28T11:30:00.0000000Z",
    "not a date",
    "",
  ),
  fc.constant(null),
  fc.constant(undefined),
);
const row = fc.record({ s: rawValue, t: timeValue }, { requiredKeys: [] });
const tableOf = (rows: { s?: unknown; t?: unknown }[]): InputRow[] => rows.map((r, id) => ({ id, ...r }) as InputRow);

/** The ids a query keeps, in order. */
function ids(query: string, T: InputRow[]): unknown[] {
  return run(query, { T }, { schemas }).rows.map((r) => r["id"]);
}

describe("filters reading a field of the caller's rows themselves", () => {
  test("property: a string operator against a constant keeps the rows the general path keeps", () => {
    const ops = ["=~", "!~", "==", "!=", "has", "!has", "contains", "startswith", "!startswith", "endswith", "hasprefix", "in~"];
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.constantFrom(...ops), fc.constantFrom("VAULTS", "vaults", "a", "5", "", "é", "A.B"), (rows, op, needle) => {
        const T = tableOf(rows);
        const rhs = op === "in~" ? `("${needle}")` : `"${needle}"`;
        const direct = ids(`T | where s ${op} ${rhs}`, T);
        expect(ids(`T | where strcat(s, "") ${op} ${rhs}`, T)).toEqual(direct);
        expect(ids(`T | sort by id asc | where s ${op} ${rhs}`, T)).toEqual(direct);
      }),
      { numRuns: 400 },
    );
  });

  test("property: a datetime comparison against a constant keeps the rows the general path keeps", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.constantFrom(">=", ">", "<", "<=", "==", "!="), (rows, op) => {
        const T = tableOf(rows);
        const constant = "datetime(2026-11-28T11:00:00Z)";
        const direct = ids(`T | where t ${op} ${constant}`, T);
        expect(ids(`T | where todatetime(tostring(t)) ${op} ${constant}`, T)).toEqual(direct);
        expect(ids(`T | sort by id asc | where t ${op} ${constant}`, T)).toEqual(direct);
      }),
      { numRuns: 400 },
    );
  });

  test("a column named like an Object.prototype member reads the row's own field only", () => {
    const T = [{ id: 0 }, { id: 1, constructor: "X" }] as unknown as InputRow[];
    const s = { T: [{ name: "id", type: "long" }, { name: "constructor", type: "string" }] };
    expect(run(`T | where ['constructor'] =~ "x"`, { T }, { schemas: s }).rows.map((r) => r["id"])).toEqual([1]);
    expect(run(`T | where ['constructor'] !~ "x"`, { T }, { schemas: s }).rows.map((r) => r["id"])).toEqual([0]);
  });
});
