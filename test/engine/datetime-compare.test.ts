/**
 * Comparisons of a datetime column with a constant read ISO-8601 text without building bigints. This
 * checks them against the general path (the same comparison through a function call) on random
 * datetimes written in several forms, at the constant's edges down to the tick.
 */
import fc from "fast-check";
import { formatDateTime } from "../../src/runtime/values.js";
import { run } from "./helpers.js";

const PIVOT = 17_643_456_000_000_000n; // 2025-11-28T16:00:00Z in ticks

const text = fc.tuple(fc.bigInt({ min: -5n, max: 5n }), fc.integer({ min: 0, max: 8 })).map(([delta, form]) => {
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
    case 5:
      return "not a date";
    // Valid datetimes as long as the canonical form, ending in Z, that order differently as text: a
    // filter may drop a row on the text comparison only after checking the canonical separators.
    case 7:
      return ` ${iso.replace(/\d(Z)$/, "$1")}`; // a leading space, six fractional digits
    case 8:
      return iso.replace(/\d(Z)$/, " $1"); // six fractional digits, a space before the Z
    default:
      // The canonical shape with impossible contents: the filter's string comparison must not let them through.
      return ["2025-13-28T00:00:00.0000000Z", "2025-11-31T00:00:00.0000000Z", "2025-11-28T24:00:00.0000000Z", "2025-11-28T0a:00:00.0000000Z", "9999-99-99T99:99:99.9999999Z"][Number(delta + 5n) % 5]!;
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

describe("datetime column versus constant in where", () => {
  // where drops null and false alike, so its filter compares the text first and validates only the rows
  // that pass; the result must be exactly the general comparison's, also under not/and/or.
  it.each(["==", "!=", "<", "<=", ">", ">="])("%s keeps the rows the general path keeps", (op) => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), (texts) => {
        const T = texts.map((t, i) => ({ t, i }));
        const schemas = { T: [{ name: "t", type: "datetime" }, { name: "i", type: "long" }] };
        const c = `datetime(${formatDateTime(PIVOT)})`;
        const kept = (where: string): unknown[] => run(`T | where ${where} | project i`, { T }, { schemas }).rows.map((x) => x.i);
        expect(kept(`t ${op} ${c}`)).toEqual(kept(`todatetime(t) ${op} ${c}`));
        expect(kept(`${c} ${flip(op)} t`)).toEqual(kept(`todatetime(t) ${op} ${c}`));
        expect(kept(`not(t ${op} ${c})`)).toEqual(kept(`not(todatetime(t) ${op} ${c})`));
        expect(kept(`t ${op} ${c} or isnull(t)`)).toEqual(kept(`todatetime(t) ${op} ${c} or isnull(todatetime(t))`));
        expect(kept(`t ${op} ${c} and i % 2 == 0`)).toEqual(kept(`todatetime(t) ${op} ${c} and i % 2 == 0`));
      }),
      { numRuns: 40 },
    );
  });

  it("drops a row whose text has the canonical shape but is no datetime", () => {
    const T = [{ t: "2025-02-30T00:00:00.0000000Z" }, { t: "2025-02-28T00:00:00.0000000Z" }, { t: "2025-02-28T00:00:0x.0000000Z" }];
    const schemas = { T: [{ name: "t", type: "datetime" }] };
    const r = run("T | where t > datetime(2025-01-01) | project t", { T }, { schemas });
    expect(r.rows.map((x) => x.t)).toEqual(["2025-02-28T00:00:00.0000000Z"]);
    const isNull = run("T | where isnull(t) | count", { T }, { schemas });
    expect(isNull.rows[0]!.Count).toBe(2);
  });
});

describe("datetime column versus datetime column", () => {
  // Two fields of canonical text compare as text (no datetime built); every other pair, an invalid text of
  // the canonical shape included, must give what the general comparison gives.
  it.each(["==", "!=", "<", "<=", ">", ">="])("%s agrees with the general path, in extend and in where", (op) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 20 }), (pairs) => {
        const T = pairs.map(([a, b], i) => ({ a, b, i }));
        const schemas = { T: [{ name: "a", type: "datetime" }, { name: "b", type: "datetime" }, { name: "i", type: "long" }] };
        const values = (e: string): unknown[] => run(`T | extend r = ${e} | project r`, { T }, { schemas }).rows.map((x) => x.r);
        const kept = (e: string): unknown[] => run(`T | where ${e} | project i`, { T }, { schemas }).rows.map((x) => x.i);
        const general = `todatetime(a) ${op} todatetime(b)`;
        expect(values(`a ${op} b`)).toEqual(values(general));
        expect(kept(`a ${op} b`)).toEqual(kept(general));
        expect(kept(`not(a ${op} b)`)).toEqual(kept(`not(${general})`));
      }),
      { numRuns: 50 },
    );
  });

  it("reads a canonical text that is no datetime as null on either side", () => {
    const T = [
      { a: "2025-02-30T00:00:00.0000000Z", b: "2025-02-28T00:00:00.0000000Z" },
      { a: "2025-02-27T00:00:00.0000000Z", b: "2025-02-30T00:00:00.0000000Z" },
      { a: "2025-02-27T00:00:00.0000000Z", b: "2025-02-28T00:00:00.0000000Z" },
    ];
    const schemas = { T: [{ name: "a", type: "datetime" }, { name: "b", type: "datetime" }] };
    const r = run("T | extend lt = a < b, ne = a != b | project lt, ne", { T }, { schemas });
    // As the general comparison has it: null orders with nothing, and differs from any value.
    expect(r.rows.map((x) => [x.lt, x.ne])).toEqual([
      [null, true],
      [null, true],
      [true, true],
    ]);
  });
});

function flip(op: string): string {
  return ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as Record<string, string>)[op] ?? op;
}

describe("datetime column and constant in arithmetic", () => {
  it("subtracts instead of taking the comparison fast path", () => {
    const T = [{ t: "2024-01-01T12:00:00.0000000Z" }, { t: "2024-01-01T12:00:00Z" }];
    const schemas = { T: [{ name: "t", type: "datetime" }] };
    const r = run("T | extend d = t - datetime(2024-01-01), e = datetime(2024-01-02) - t | project d, e", { T }, { schemas });
    expect(r.columns.map((c) => c.type)).toEqual(["timespan", "timespan"]);
    expect(r.rows).toEqual([
      { d: "12:00:00", e: "12:00:00" },
      { d: "12:00:00", e: "12:00:00" },
    ]);
  });
});
