import { both, call, returnType } from "./helpers.js";

describe("isempty / isnotempty / isnull / isnotnull", () => {
  test("strings: empty is empty but never null", () => {
    expect(both("isempty", ["", "string"])).toBe(true);
    expect(both("isempty", ["a", "string"])).toBe(false);
    expect(both("isnotempty", ["", "string"])).toBe(false);
    expect(both("notempty", [" ", "string"])).toBe(true);
    expect(both("isnull", ["", "string"])).toBe(false);
    expect(both("isnotnull", ["", "string"])).toBe(true);
  });
  test("typed nulls", () => {
    expect(both("isnull", [null, "long"])).toBe(true);
    expect(both("isnull", [0, "long"])).toBe(false);
    expect(both("notnull", [null, "datetime"])).toBe(false);
    expect(both("isempty", [null, "dynamic"])).toBe(true);
    expect(both("isempty", [0, "long"])).toBe(false);
    expect(both("isnotempty", [null, "int"])).toBe(false);
  });
});

describe("iff / case / coalesce / not", () => {
  test("iff picks a branch; a null condition is false", () => {
    expect(both("iff", [true, "bool"], ["a", "string"], ["b", "string"])).toBe("a");
    expect(both("iif", [false, "bool"], ["a", "string"], ["b", "string"])).toBe("b");
    expect(both("iff", [null, "bool"], [1, "long"], [2, "long"])).toBe(2);
  });
  test("iff result type widens numerics", () => {
    expect(returnType("iff", [true, "bool"], [1, "int"], [2.5, "real"])).toBe("real");
    expect(returnType("iff", [true, "bool"], ["x", "string"], ["y", "string"])).toBe("string");
  });
  test("case returns the first true branch, else the last argument", () => {
    expect(both("case", [false, "bool"], [1, "long"], [true, "bool"], [2, "long"], [3, "long"])).toBe(2);
    expect(both("case", [false, "bool"], [1, "long"], [null, "bool"], [2, "long"], [3, "long"])).toBe(3);
    expect(both("case", [true, "bool"], ["x", "string"], ["y", "string"])).toBe("x");
  });
  test("coalesce skips nulls and empty strings", () => {
    expect(both("coalesce", [null, "long"], [null, "long"], [7, "long"])).toBe(7);
    expect(both("coalesce", ["", "string"], ["b", "string"])).toBe("b");
    expect(both("coalesce", ["", "string"], ["", "string"])).toBe("");
    expect(both("coalesce", [null, "long"], [null, "long"])).toBeNull();
  });
  test("not", () => {
    expect(call("not", [true, "bool"])).toBe(false);
    expect(call("not", [false, "bool"])).toBe(true);
    expect(call("not", [null, "bool"])).toBeNull();
  });
});
