import { both, call } from "./helpers.js";

describe("array_iff", () => {
  test("picks element-wise from arrays, or the scalar for every element", () => {
    expect(call("array_iff", [[true, false, 7, 0], "dynamic"], [["a", "b", "c", "d"], "dynamic"], [["w", "x", "y", "z"], "dynamic"])).toEqual(["a", "x", "c", "z"]);
    expect(call("array_iff", [[false, true], "dynamic"], ["on", "string"], ["off", "string"])).toEqual(["off", "on"]);
  });
  test("a condition that is not bool or number, or a missing element, gives null", () => {
    expect(call("array_iff", [["s", null, true], "dynamic"], [[1, 2], "dynamic"], [[3, 4], "dynamic"])).toEqual([null, null, null]);
  });
});

describe("array_rotate_* and array_shift_*", () => {
  test("rotation wraps around; a negative count rotates the other way", () => {
    expect(both("array_rotate_left", [[1, 2, 3, 4], "dynamic"], [1, "long"])).toEqual([2, 3, 4, 1]);
    expect(call("array_rotate_left", [[1, 2, 3, 4], "dynamic"], [-1, "long"])).toEqual([4, 1, 2, 3]);
    expect(call("array_rotate_right", [[1, 2, 3, 4], "dynamic"], [5, "long"])).toEqual([4, 1, 2, 3]);
    expect(call("array_rotate_right", [[], "dynamic"], [3, "long"])).toEqual([]);
  });
  test("shifting fills the vacated places with null or the given value", () => {
    expect(call("array_shift_left", [[1, 2, 3], "dynamic"], [1, "long"])).toEqual([2, 3, null]);
    expect(call("array_shift_right", [[1, 2, 3], "dynamic"], [1, "long"], [0, "long"])).toEqual([0, 1, 2]);
    expect(call("array_shift_left", [[1, 2, 3], "dynamic"], [-2, "long"], ["x", "string"])).toEqual(["x", "x", 1]);
    expect(call("array_shift_right", [[1, 2], "dynamic"], [5, "long"])).toEqual([null, null]);
  });
});

describe("bag_zip", () => {
  test("pairs keys with values by position; non-string keys skipped, missing values null", () => {
    expect(call("bag_zip", [["k1", "k2", 3, "k4"], "dynamic"], [[1, "two", 3], "dynamic"])).toEqual({ k1: 1, k2: "two", k4: null });
    expect(call("bag_zip", [["k"], "dynamic"], [5, "dynamic"])).toEqual({ k: null });
    expect(call("bag_zip", ["k", "dynamic"], [[1], "dynamic"])).toBeNull();
  });
});
