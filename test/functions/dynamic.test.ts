import { both, call, returnType } from "./helpers.js";

describe("parse_json", () => {
  test("valid JSON, invalid text, dynamic passthrough", () => {
    expect(both("parse_json", ['{"a":[1,{"b":"c"}]}', "string"])).toEqual({ a: [1, { b: "c" }] });
    expect(both("todynamic", ["[1,2]", "string"])).toEqual([1, 2]);
    expect(both("parse_json", ["hello", "string"])).toBe("hello");
    expect(both("parse_json", ["{bad", "string"])).toBe("{bad");
    expect(both("parse_json", ["", "string"])).toBeNull();
    expect(both("parse_json", ["null", "string"])).toBeNull();
    expect(both("parsejson", ["12", "string"])).toBe(12);
    expect(both("parse_json", [{ x: 1 }, "dynamic"])).toEqual({ x: 1 });
  });
  test("bags are prototype-free", () => {
    const v = call("parse_json", ['{"__proto__":{"x":1}}', "string"]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(["__proto__"]);
  });
});

describe("arrays", () => {
  test("array_length", () => {
    expect(both("array_length", [[1, 2, 3], "dynamic"])).toBe(3);
    expect(both("arraylength", [[], "dynamic"])).toBe(0);
    expect(both("array_length", [{ a: 1 }, "dynamic"])).toBeNull();
    expect(both("array_length", [null, "dynamic"])).toBeNull();
  });
  test("pack / pack_array / array_concat", () => {
    expect(both("pack", ["a", "string"], [1, "long"], ["b", "string"], ["x", "string"])).toEqual({ a: 1, b: "x" });
    expect(both("bag_pack", ["t", "string"], [0n, "datetime"])).toEqual({ t: "1970-01-01T00:00:00.0000000Z" });
    expect(both("pack_array", [1, "long"], ["a", "string"], [null, "long"])).toEqual([1, "a", null]);
    expect(both("array_concat", [[1], "dynamic"], [[2, 3], "dynamic"])).toEqual([1, 2, 3]);
    expect(both("array_concat", [[1], "dynamic"], [5, "dynamic"])).toBeNull();
  });
  test("set functions", () => {
    expect(both("set_union", [[1, 2, 2], "dynamic"], [[3, 1], "dynamic"])).toEqual([1, 2, 3]);
    expect(both("set_intersect", [[1, 2, 3], "dynamic"], [[3, 1, 5], "dynamic"])).toEqual([1, 3]);
    expect(both("set_difference", [[1, 2, 3, 2], "dynamic"], [[3], "dynamic"], [[1], "dynamic"])).toEqual([2]);
    expect(both("set_has_element", [["a", "b"], "dynamic"], ["b", "string"])).toBe(true);
    expect(both("set_has_element", [[1, 2], "dynamic"], ["1", "string"])).toBe(false);
  });
  test("array_index_of / array_slice / strcat_array", () => {
    expect(both("array_index_of", [["a", "b", "c"], "dynamic"], ["b", "string"])).toBe(1);
    expect(both("array_index_of", [["a", "b", "c"], "dynamic"], ["z", "string"])).toBe(-1);
    expect(both("array_slice", [[1, 2, 3, 4], "dynamic"], [1, "long"], [2, "long"])).toEqual([2, 3]);
    expect(both("array_slice", [[1, 2, 3, 4], "dynamic"], [-2, "long"], [-1, "long"])).toEqual([3, 4]);
    expect(both("array_slice", [[1, 2, 3, 4], "dynamic"], [3, "long"], [1, "long"])).toEqual([]);
    expect(both("strcat_array", [[1, "a", { b: 2 }], "dynamic"], ["-", "string"])).toBe('1-a-{"b":2}');
    expect(both("array_strcat", [[], "dynamic"], [",", "string"])).toBe("");
  });
  test("sorting, zip, repeat, range", () => {
    expect(both("array_sort_asc", [[3, null, 1, 2], "dynamic"])).toEqual([1, 2, 3, null]);
    expect(both("array_sort_desc", [["b", "c", "a"], "dynamic"])).toEqual(["c", "b", "a"]);
    expect(both("array_sort_asc", [[2, null, 1], "dynamic"], [false, "bool"])).toEqual([null, 1, 2]);
    expect(both("zip", [[1, 2], "dynamic"], [["a"], "dynamic"])).toEqual([
      [1, "a"],
      [2, null],
    ]);
    expect(both("repeat", ["x", "string"], [3, "long"])).toEqual(["x", "x", "x"]);
    expect(both("range", [1, "long"], [7, "long"], [3, "long"])).toEqual([1, 4, 7]);
  });
});

describe("bags", () => {
  test("bag_keys / bag_has_key / bag_merge / bag_remove_keys", () => {
    expect(both("bag_keys", [{ a: 1, b: 2 }, "dynamic"])).toEqual(["a", "b"]);
    expect(both("bag_has_key", [{ a: 1 }, "dynamic"], ["a", "string"])).toBe(true);
    expect(both("bag_has_key", [{ a: 1 }, "dynamic"], ["b", "string"])).toBe(false);
    expect(both("bag_merge", [{ a: 1, b: 2 }, "dynamic"], [{ b: 3, c: 4 }, "dynamic"])).toEqual({ a: 1, b: 2, c: 4 });
    expect(both("bag_remove_keys", [{ a: 1, b: 2 }, "dynamic"], [["a"], "dynamic"])).toEqual({ b: 2 });
  });
  test("dynamic_to_json", () => {
    expect(both("dynamic_to_json", [{ a: [1, "x"] }, "dynamic"])).toBe('{"a":[1,"x"]}');
  });
});

describe("parse_xml", () => {
  test("elements, attributes, repeated children", () => {
    const xml =
      '<?xml version="1.0"?><Event xmlns="x"><System><EventID>4624</EventID></System><EventData><Data Name="SubjectUserSid">S-1-5-18</Data><Data Name="Empty"/><Data Name="Amp">a &amp; b</Data></EventData></Event>';
    expect(both("parse_xml", [xml, "string"])).toEqual({
      Event: {
        "@xmlns": "x",
        System: { EventID: "4624" },
        EventData: {
          Data: [
            { "@Name": "SubjectUserSid", "#text": "S-1-5-18" },
            { "@Name": "Empty" },
            { "@Name": "Amp", "#text": "a & b" },
          ],
        },
      },
    });
  });
  test("invalid XML is null", () => {
    expect(both("parse_xml", ["<a><b></a>", "string"])).toBeNull();
    expect(both("parse_xml", ["not xml", "string"])).toBeNull();
    expect(both("parse_xml", ["<a>1</a><b/>", "string"])).toBeNull();
  });
  test("empty and text-only elements", () => {
    expect(both("parse_xml", ["<a><b/><c>t</c></a>", "string"])).toEqual({ a: { b: null, c: "t" } });
  });
});

describe("extract_json", () => {
  test("paths and types", () => {
    const doc = '{"a":{"b":[10,{"c":"x"}]},"n":"5"}';
    expect(both("extract_json", ["$.a.b[0]", "string"], [doc, "string"])).toBe("10");
    expect(both("extractjson", ["$.a.b[1].c", "string"], [doc, "string"])).toBe("x");
    expect(both("extract_json", ["$['a']['b']", "string"], [doc, "string"])).toBe('[10,{"c":"x"}]');
    expect(both("extract_json", ["$.missing", "string"], [doc, "string"])).toBe("");
    expect(call("extract_json", ["$.n", "string"], [doc, "string"], ["long", "string"])).toBe(5);
    expect(returnType("extract_json", ["$.n", "string"], [doc, "string"], ["long", "string"])).toBe("long");
    expect(() => call("extract_json", ["a.b", "string"], [doc, "string"])).toThrow(expect.objectContaining({ code: "KQL_ARGUMENTS" }));
  });
});
