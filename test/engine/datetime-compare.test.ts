/**
 * Comparisons of a datetime column with a constant read ISO-8601 text without building bigints. This
 * checks them against the general path (the same comparison through a function call) on random
 * datetimes written in several forms, at the constant's edges down to the tick.
 */
import fc from "fast-check";
import { formatDateTime } from "../../src/runtime/values.js";
import { run } from "./helpers.js";

const PIVOT = 17_643_456_000_000_000n; // 2025-11-28T00:00:00Z in ticks

const text = fc.tuple(fc.bigInt({ min: -5n, max: 5n }), fc.integer({ min: 0, max: 5 })).map(([delta, form]) => {
  const iso = formatDateTime(PIVOT + delta); // 7 fractional digits
  switch (form) {
    case 0:
      return iso;
    case 1:
      return iso.replace(/\.(\d{3})\d{4}Z$/, (_m, ms: string) => `.${ms}Z`); // milliseconds only
    case 2:
      return iso.replace(/\.\d+Z$/, "Z");
    case 3:
      return iso.replace("T", " ").replace("Z", ""); // another form: the general path
    case 4:
      return "";
    default:
      return "not a date";
  }
});

describe("datetime column versus constant", () => {
  it.each(["==", "!=", "<", "<=", ">", ">="])("%s agrees with the general path", (op) => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), (texts) => {
        const T = texts.map((t) => ({ t }));
        const schemas = { T: [{ name: "t", type: "datetime" }] };
        const constant = `datetime(${formatDateTime(PIVOT)})`;
        const fast = run(`T | extend r = t ${op} ${constant} | project r`, { T }, { schemas }).rows.map((x) => x.r);
        const flipped = run(`T | extend r = ${constant} ${flip(op)} t | project r`, { T }, { schemas }).rows.map((x) => x.r);
        const general = run(`T | extend r = todatetime(t) ${op} ${constant} | project r`, { T }, { schemas }).rows.map((x) => x.r);
        expect(fast).toEqual(general);
        expect(flipped).toEqual(general);
      }),
      { numRuns: 60 },
    );
  });
});

function flip(op: string): string {
  return ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as Record<string, string>)[op] ?? op;
}
