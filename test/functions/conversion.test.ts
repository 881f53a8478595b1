import { both, dt, returnType } from "./helpers.js";
import { parseDateTime } from "../../src/runtime/values.js";

describe("tostring", () => {
  test("every type", () => {
    expect(both("tostring", [null, "long"])).toBe("");
    expect(both("tostring", [12, "long"])).toBe("12");
    expect(both("tostring", [1.5, "real"])).toBe("1.5");
    expect(both("tostring", [true, "bool"])).toBe("true");
    expect(both("tostring", [dt("2024-01-01T00:00:00Z"), "datetime"])).toBe("2024-01-01T00:00:00.0000000Z");
    expect(both("tostring", [BigInt(864e9 + 2 * 36e9 + 3 * 6e8 + 4e7), "timespan"])).toBe("1.02:03:04");
    expect(both("tostring", [{ a: [1, "x"] }, "dynamic"])).toBe('{"a":[1,"x"]}');
    expect(both("tostring", ["bare", "dynamic"])).toBe("bare");
  });
});

describe("numeric conversions", () => {
  test("toint / tolong", () => {
    expect(both("toint", ["abc", "string"])).toBeNull();
    expect(both("toint", [2.7, "real"])).toBe(2);
    expect(both("toint", [-2.7, "real"])).toBe(-2);
    expect(both("tolong", ["12", "string"])).toBe(12);
    expect(both("tolong", [" 12 ", "string"])).toBe(12);
    expect(both("tolong", ["", "string"])).toBeNull();
    expect(both("tolong", [true, "bool"])).toBe(1);
    expect(both("tolong", [NaN, "real"])).toBeNull();
    expect(both("toint", [null, "long"])).toBeNull();
    expect(both("toint", [2147483648, "long"])).toBe(-2147483648);
  });
  test("todouble / toreal / todecimal", () => {
    expect(both("todouble", ["1e3", "string"])).toBe(1000);
    expect(both("toreal", ["-0.5", "string"])).toBe(-0.5);
    expect(both("todouble", ["0x10", "string"])).toBeNull();
    expect(both("todouble", ["1.2.3", "string"])).toBeNull();
    expect(both("todecimal", ["3.25", "string"])).toBe(3.25);
    expect(both("todouble", [{ x: 1 }, "dynamic"])).toBeNull();
    expect(both("todouble", [7, "dynamic"])).toBe(7);
  });
  test("tobool", () => {
    expect(both("tobool", ["true", "string"])).toBe(true);
    expect(both("toboolean", ["FALSE", "string"])).toBe(false);
    expect(both("tobool", [1, "long"])).toBe(true);
    expect(both("tobool", [0, "long"])).toBe(false);
    expect(both("tobool", ["yes", "string"])).toBeNull();
  });
});

describe("time conversions", () => {
  test("todatetime converts offsets to UTC", () => {
    expect(both("todatetime", ["2024-01-01T10:00:00+02:00", "string"])).toBe(parseDateTime("2024-01-01T08:00:00Z"));
    expect(both("todatetime", ["bad", "string"])).toBeNull();
    expect(both("todatetime", [null, "datetime"])).toBeNull();
  });
  test("totimespan", () => {
    expect(both("totimespan", ["1.02:03:04", "string"])).toBe(BigInt(864e9 + 2 * 36e9 + 3 * 6e8 + 4e7));
    expect(both("totime", ["2d", "string"])).toBe(BigInt(2 * 864e9));
    expect(both("totimespan", ["nope", "string"])).toBeNull();
  });
  test("toguid", () => {
    expect(both("toguid", ["0697EB8A-3E2F-4B0B-B70F-2A3A0B4D9C11", "string"])).toBe("0697eb8a-3e2f-4b0b-b70f-2a3a0b4d9c11");
    expect(both("toguid", ["x", "string"])).toBeNull();
  });
});

describe("tohex / gettype", () => {
  test("tohex", () => {
    expect(both("tohex", [256, "long"])).toBe("100");
    expect(both("tohex", [-546, "long"])).toBe("fffffffffffffdde");
    expect(both("tohex", [48, "long"], [4, "long"])).toBe("0030");
  });
  test("gettype", () => {
    expect(both("gettype", ["a", "string"])).toBe("string");
    expect(both("gettype", [1, "long"])).toBe("long");
    expect(both("gettype", [[1], "dynamic"])).toBe("array");
    expect(both("gettype", [{ a: 1 }, "dynamic"])).toBe("dictionary");
    expect(both("gettype", [null, "dynamic"])).toBe("null");
    expect(both("gettype", [1.5, "dynamic"])).toBe("real");
  });
  test("result types", () => {
    expect(returnType("toint", ["1", "string"])).toBe("int");
    expect(returnType("todecimal", ["1", "string"])).toBe("decimal");
  });
});
