import { both, call } from "./helpers.js";

describe("series element-wise functions", () => {
  test("unary math maps every numeric element; non-numbers give null", () => {
    expect(call("series_abs", [[-2, 3.5, null, "x"], "dynamic"])).toEqual([2, 3.5, null, null]);
    expect(call("series_ceiling", [[-1.5, 1.2], "dynamic"])).toEqual([-1, 2]);
    expect(call("series_floor", [[-0.5, 1.2], "dynamic"])).toEqual([-1, 1]);
    expect(call("series_exp", [[0], "dynamic"])).toEqual([1]);
    expect(call("series_sin", [[0], "dynamic"])).toEqual([0]);
    expect(call("series_abs", [5, "dynamic"])).toBeNull();
  });

  test("binary functions pair elements, broadcast a number, and pad the shorter array with null", () => {
    expect(call("series_add", [[1, 2], "dynamic"], [[10, 20], "dynamic"])).toEqual([11, 22]);
    expect(call("series_subtract", [[1, 2, 3], "dynamic"], [[1], "dynamic"])).toEqual([0, null, null]);
    expect(call("series_multiply", [[1, 2], "dynamic"], [3, "long"])).toEqual([3, 6]);
    expect(call("series_divide", [[1, 3], "dynamic"], [[2, 2], "dynamic"])).toEqual([0.5, 1.5]);
    expect(call("series_greater", [[1, 5], "dynamic"], [[2, 2], "dynamic"])).toEqual([false, true]);
    expect(call("series_less_equals", [[1, 5], "dynamic"], [[1, 2], "dynamic"])).toEqual([true, false]);
    expect(call("series_not_equals", [[1, 5], "dynamic"], [[1, 2], "dynamic"])).toEqual([false, true]);
  });
});

describe("series fills", () => {
  test("forward and backward fills leave the edges they cannot fill", () => {
    expect(call("series_fill_forward", [[null, 1, null, 2, null], "dynamic"])).toEqual([null, 1, 1, 2, 2]);
    expect(call("series_fill_backward", [[null, 1, null, 2, null], "dynamic"])).toEqual([1, 1, 2, 2, null]);
    expect(call("series_fill_const", [[null, 1], "dynamic"], [7, "long"])).toEqual([7, 1]);
  });
});

describe("series statistics", () => {
  test("dot product, cosine similarity, Pearson correlation", () => {
    expect(call("series_dot_product", [[1, 2, 3], "dynamic"], [[4, 5, 6], "dynamic"])).toBe(32);
    expect(call("series_dot_product", [[1, 2, 3], "dynamic"], [2, "long"])).toBe(12);
    expect(call("series_cosine_similarity", [[1, 0], "dynamic"], [[0, 1], "dynamic"])).toBe(0);
    expect(call("series_cosine_similarity", [[1, 2], "dynamic"], [[2, 4], "dynamic"])).toBeCloseTo(1, 12);
    expect(call("series_pearson_correlation", [[1, 2, 3], "dynamic"], [[3, 2, 1], "dynamic"])).toBeCloseTo(-1, 12);
  });

  test("series_stats_dynamic: sample variance, first index of min and max", () => {
    expect(call("series_stats_dynamic", [[4, 1, 7, 1, 7], "dynamic"])).toEqual({ min: 1, min_idx: 1, max: 7, max_idx: 2, avg: 4, stdev: 3, variance: 9, sum: 20, len: 5 });
  });

  test("series_stats_dynamic: a non-finite element nulls the statistics unless ignore_nonfinite", () => {
    const none = { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null, sum: null, len: 4 };
    expect(call("series_stats_dynamic", [[6, null, 2, 4], "dynamic"])).toEqual(none);
    expect(call("series_stats_dynamic", [[6, "a", 2, 4], "dynamic"], [false, "bool"])).toEqual(none);
    // Indexes stay positions in the whole array; len counts every element.
    expect(call("series_stats_dynamic", [[6, null, 2, 4], "dynamic"], [true, "bool"])).toEqual({ min: 2, min_idx: 2, max: 6, max_idx: 0, avg: 4, stdev: 2, variance: 4, sum: 12, len: 4 });
  });

  test("sum, product, magnitude", () => {
    expect(call("series_sum", [[1, 2, null], "dynamic"])).toBe(3);
    expect(call("series_product", [[2, 3], "dynamic"])).toBe(6);
    expect(call("series_magnitude", [[3, 4], "dynamic"])).toBe(5);
  });

  test("series_seasonal takes the median of each phase of the given period", () => {
    expect(call("series_seasonal", [[1, 10, 3, 20], "dynamic"], [2, "long"])).toEqual([2, 15, 2, 15]);
    expect(call("series_seasonal", [[1, 10, 2, 20, 9, 30], "dynamic"], [2, "long"])).toEqual([2, 20, 2, 20, 2, 20]);
    // A period that is neither positive nor -1 (detect) gives zeros.
    expect(call("series_seasonal", [[1, 2, 3], "dynamic"], [0, "long"])).toEqual([0, 0, 0]);
  });
});

test("constant and per-row arguments agree", () => {
  expect(both("series_add", [[1, 2], "dynamic"], [[3, 4], "dynamic"])).toEqual([4, 6]);
});
