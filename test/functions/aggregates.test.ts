import { aggregate } from "./helpers.js";
import { findAggregateFunction } from "../../src/functions/registry.js";
import type { ArgInfo } from "../../src/functions/types.js";

const col = (name: string, type: ArgInfo["type"] = "long"): ArgInfo => ({ type, constant: false, columnName: name });
const expr = (type: ArgInfo["type"] = "long"): ArgInfo => ({ type, constant: false });
const nameOf = (fn: string, ...args: ArgInfo[]) => findAggregateFunction(fn)!.defaultName(args);

describe("default names", () => {
  test("follow Kusto's prefixes", () => {
    expect(nameOf("count")).toBe("count_");
    expect(nameOf("count", col("x"))).toBe("count_x");
    expect(nameOf("countif", expr("bool"))).toBe("countif_");
    expect(nameOf("sum", col("x"))).toBe("sum_x");
    expect(nameOf("sum", expr())).toBe("sum_");
    expect(nameOf("max", col("T", "datetime"))).toBe("max_T");
    expect(nameOf("dcount", col("u", "string"))).toBe("dcount_u");
    expect(nameOf("dcountif", col("u", "string"), expr("bool"))).toBe("dcountif_u");
    expect(nameOf("make_set", col("x"))).toBe("set_x");
    expect(nameOf("makeset", col("x"))).toBe("set_x");
    expect(nameOf("make_list", col("x"))).toBe("list_x");
    expect(nameOf("make_set_if", col("x"), expr("bool"))).toBe("set_x");
    expect(nameOf("make_bag", expr("dynamic"))).toBe("bag_");
    expect(nameOf("take_any", col("x"))).toBe("x");
    expect(nameOf("any", col("x"))).toBe("any_x");
    expect(nameOf("avg", col("d_a_b", "real"))).toBe("avg_d_a_b");
    expect(nameOf("percentile", col("x"), { type: "long", constant: true, value: 50 })).toBe("percentile_x_50");
    expect(nameOf("percentile", col("x"), { type: "real", constant: true, value: 99.5 })).toBe("percentile_x_99_5");
  });
});

describe("counting", () => {
  test("count() counts rows, count(x) non-null", () => {
    expect(aggregate("count", [], [[], [], []])).toBe(3);
    expect(aggregate("count", [[null, "long"]], [[1], [null], [3]])).toBe(2);
    expect(aggregate("count", [[null, "string"]], [["a"], [""], ["b"]])).toBe(2);
    expect(aggregate("count", [], [])).toBe(0);
  });
  test("countif", () => {
    expect(aggregate("countif", [[null, "bool"]], [[true], [false], [null], [true]])).toBe(2);
  });
  test("dcount / dcountif are exact and skip nulls", () => {
    expect(aggregate("dcount", [[null, "string"]], [["a"], ["b"], ["a"], ["A"]])).toBe(3);
    expect(aggregate("dcount", [[null, "long"]], [[1], [null], [1]])).toBe(1);
    expect(aggregate("dcountif", [[null, "long"], [null, "bool"]], [[1, true], [2, false], [3, true], [1, true]])).toBe(2);
  });
});

describe("sums and averages", () => {
  test("sum skips nulls; all-null is 0", () => {
    expect(aggregate("sum", [[null, "long"]], [[1], [null], [2]])).toBe(3);
    expect(aggregate("sum", [[null, "long"]], [[null], [null]])).toBe(0);
    expect(aggregate("sum", [[null, "timespan"]], [[5n], [7n]])).toBe(12n);
    expect(aggregate("sumif", [[null, "long"], [null, "bool"]], [[1, true], [10, false], [100, true]])).toBe(101);
  });
  test("avg: NaN over nothing", () => {
    expect(aggregate("avg", [[null, "long"]], [[1], [2], [null]])).toBe(1.5);
    expect(aggregate("avg", [[null, "long"]], [[null]])).toBeNaN();
    expect(aggregate("avgif", [[null, "long"], [null, "bool"]], [[1, true], [3, false]])).toBe(1);
  });
  test("stdev / variance", () => {
    expect(aggregate("variance", [[null, "long"]], [[1], [2], [3], [4]])).toBeCloseTo(1.6667, 3);
    expect(aggregate("stdev", [[null, "long"]], [[2], [4], [4], [4], [5], [5], [7], [9]])).toBeCloseTo(2.138, 3);
    expect(aggregate("stdevp", [[null, "long"]], [[2], [4], [4], [4], [5], [5], [7], [9]])).toBe(2);
    expect(aggregate("stdev", [[null, "long"]], [[5]])).toBe(0);
  });
});

describe("min / max", () => {
  test("skip nulls; null when empty", () => {
    expect(aggregate("max", [[null, "long"]], [[1], [null], [5], [3]])).toBe(5);
    expect(aggregate("min", [[null, "long"]], [[null], [4], [2]])).toBe(2);
    expect(aggregate("max", [[null, "long"]], [[null]])).toBeNull();
    expect(aggregate("max", [[null, "datetime"]], [[3n], [10n], [7n]])).toBe(10n);
    expect(aggregate("min", [[null, "string"]], [["b"], ["a"], ["c"]])).toBe("a");
    expect(aggregate("maxif", [[null, "long"], [null, "bool"]], [[9, false], [4, true]])).toBe(4);
    expect(aggregate("minif", [[null, "long"], [null, "bool"]], [[1, false], [4, true]])).toBe(4);
  });
});

describe("collections", () => {
  test("make_set: distinct, skips nulls, honours max size", () => {
    expect(aggregate("make_set", [[null, "string"]], [["a"], ["b"], ["a"]])).toEqual(["a", "b"]);
    expect(aggregate("makeset", [[null, "long"]], [[null], [null]])).toEqual([]);
    expect(aggregate("make_set", [[null, "long"], { value: 2, type: "long" }], [[1], [2], [3]])).toEqual([1, 2]);
    expect(aggregate("make_set", [[null, "dynamic"]], [[{ a: 1 }], [{ a: 1 }], [[1]]])).toEqual([{ a: 1 }, [1]]);
    expect(aggregate("make_set", [[null, "datetime"]], [[0n]])).toEqual(["1970-01-01T00:00:00.0000000Z"]);
  });
  test("make_list keeps duplicates; -if forms filter", () => {
    expect(aggregate("make_list", [[null, "long"]], [[1], [1], [null], [2]])).toEqual([1, 1, 2]);
    expect(aggregate("makelist", [[null, "long"]], [])).toEqual([]);
    expect(aggregate("make_list_if", [[null, "long"], [null, "bool"]], [[1, true], [2, false], [3, true]])).toEqual([1, 3]);
    expect(aggregate("make_set_if", [[null, "long"], [null, "bool"]], [[1, true], [1, true], [2, null]])).toEqual([1]);
  });
  test("make_bag merges bags; first key wins", () => {
    expect(aggregate("make_bag", [[null, "dynamic"]], [[{ a: 1 }], [{ a: 2, b: 3 }], [null], [[1]]])).toEqual({ a: 1, b: 3 });
  });
});

describe("take_any / percentile", () => {
  test("take_any returns a non-null value", () => {
    expect(aggregate("take_any", [[null, "long"]], [[null], [7], [8]])).toBe(7);
    expect(aggregate("any", [[null, "string"]], [[""], ["x"]])).toBe("x");
    expect(aggregate("take_anyif", [[null, "long"], [null, "bool"]], [[1, false], [2, true]])).toBe(2);
  });
  test("percentile is nearest-rank", () => {
    const rows = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]];
    expect(aggregate("percentile", [[null, "long"], { value: 50, type: "long" }], rows)).toBe(5);
    expect(aggregate("percentile", [[null, "long"], { value: 90, type: "long" }], rows)).toBe(9);
    expect(aggregate("percentile", [[null, "long"], { value: 100, type: "long" }], rows)).toBe(10);
    expect(aggregate("percentile", [[null, "long"], { value: 0, type: "long" }], rows)).toBe(1);
    expect(aggregate("percentile", [[null, "long"], { value: 50, type: "long" }], [])).toBeNull();
  });
});

describe("arg_max / arg_min", () => {
  test("return the winning row index", () => {
    expect(aggregate("arg_max", [[null, "datetime"]], [[5n, 0], [9n, 1], [null, 2], [9n, 3], [1n, 4]])).toBe(1);
    expect(aggregate("arg_min", [[null, "long"]], [[5, 0], [2, 1], [3, 2]])).toBe(1);
    // Every value null: the group's first row is picked; no rows at all: null.
    expect(aggregate("argmax", [[null, "long"]], [[null, 0]])).toBe(0);
    expect(aggregate("arg_min", [[null, "long"]], [[null, 4], [null, 5]])).toBe(4);
    expect(aggregate("arg_min", [[null, "real"]], [[NaN, 2], [7, 3]])).toBe(3);
    expect(aggregate("argmax", [[null, "long"]], [])).toBeNull();
    expect(nameOf("arg_max", col("TimeGenerated", "datetime"))).toBe("TimeGenerated");
  });
});

describe("array-backed (grouped) forms agree with the per-group accumulators", () => {
  it.each(["count", "countif", "min", "max", "minif", "maxif", "arg_max", "arg_min", "take_any", "any", "take_anyif", "anyif"])("%s", async (name) => {
    const { findAggregateFunction } = await import("../../src/functions/registry.js");
    const def = findAggregateFunction(name)!;
    expect(def.bindGrouped).toBeDefined();
    const twoArgs = name.endsWith("if") && name !== "countif";
    const args = name === "countif" ? [{ type: "bool" as const, constant: false }] : twoArgs ? [{ type: "long" as const, constant: false }, { type: "bool" as const, constant: false }] : [{ type: "long" as const, constant: false }];
    const values: (number | boolean | null)[][] = [[3, true], [null, true], [7, false], [1, true], [7, true], [null, false]];
    const groups = [0, 1, 0, 1, 0, 1];
    const grouped = def.bindGrouped!(args)();
    const per = [def.bind(args)(), def.bind(args)()];
    grouped.addGroup();
    grouped.addGroup();
    values.forEach((v, row) => {
      const a = name === "countif" ? [v[1]!] : name.startsWith("arg") ? [v[0]!, row] : twoArgs ? v : [v[0]!];
      grouped.add(groups[row]!, a);
      per[groups[row]!]!.add(a);
    });
    expect([grouped.result(0), grouped.result(1)]).toEqual([per[0]!.result(), per[1]!.result()]);
  });
});
