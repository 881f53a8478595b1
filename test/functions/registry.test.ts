import { readFileSync } from "node:fs";
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS, allFunctionNames, findAggregateFunction, findScalarFunction } from "../../src/functions/registry.js";
import { renderFunctionDocs } from "../../src/functions/docs.js";

describe("registry", () => {
  test("every entry has a description, a category and parameters that make sense", () => {
    for (const f of [...SCALAR_FUNCTIONS, ...AGGREGATE_FUNCTIONS]) {
      expect(f.description.trim().length).toBeGreaterThan(5);
      expect(f.category.trim().length).toBeGreaterThan(0);
      const variadic = f.params.findIndex((p) => p.variadic);
      if (variadic >= 0) expect(variadic).toBe(f.params.length - 1);
      let sawOptional = false;
      for (const p of f.params) {
        if (p.optional) sawOptional = true;
        else if (sawOptional && !p.variadic) throw new Error(`${f.name}: required parameter ${p.name} after an optional one`);
      }
    }
  });
  test("names and aliases are unique across scalars and aggregates", () => {
    const names = allFunctionNames();
    const scalarNames = SCALAR_FUNCTIONS.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
    const aggNames = AGGREGATE_FUNCTIONS.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
    expect(new Set(scalarNames).size).toBe(scalarNames.length);
    expect(new Set(aggNames).size).toBe(aggNames.length);
    expect(names.length).toBe(scalarNames.length + aggNames.length);
  });
  test("the functions Sentinel rules use most are present", () => {
    for (const n of [
      "tostring", "isnotempty", "ago", "bin", "parse_json", "extract", "strcat", "iff", "split", "tolower", "now", "case", "isempty",
      "todynamic", "iif", "array_length", "parse_xml", "not", "ipv4_is_private", "toint", "extract_all", "datetime_diff", "parse_url",
      "startofday", "replace", "tolong", "coalesce", "todouble", "pack", "toupper", "array_concat", "strlen", "substring", "toreal",
      "todatetime", "trim_start", "countof", "replace_string", "round", "set_difference", "arraylength", "parse_urlquery", "tohex",
      "trim", "has_any_ipv4", "ipv4_is_match", "max_of", "set_has_element", "strcat_array", "tobool", "url_decode", "array_index_of",
      "array_slice", "base64_decode_toarray", "base64_decode_tostring", "extractjson", "pack_array", "parse_command_line", "parsejson",
      "string_size", "todecimal", "abs", "array_strcat", "base64_encode_tostring", "datetime_part", "dynamic_to_json", "has_ipv4",
      "hash_sha256", "indexof", "indexof_regex", "isnotnull", "make_string", "notempty", "parse_path", "set_union", "translate", "trim_end",
      "totimespan", "dayofweek", "endofday", "isnull", "bag_keys", "base64_decodestring", "format_datetime", "hourofday", "new_guid",
      "datetime_add", "log2", "exp", "floor", "format_ipv4_mask", "format_timespan", "has_any_ipv4_prefix", "hash_md5", "ipv4_is_in_range",
      "isascii", "make_timespan", "pack_dictionary", "parse_csv", "rand", "reverse", "url_encode",
    ]) {
      expect(findScalarFunction(n)?.name ?? n).toBeTruthy();
      if (!findScalarFunction(n)) throw new Error(`missing scalar function ${n}`);
    }
    for (const n of ["count", "max", "min", "make_set", "arg_max", "makeset", "dcount", "make_list", "sum", "any", "makelist", "countif", "arg_min", "avg", "make_bag", "stdev", "dcountif", "take_any", "make_set_if", "sumif", "take_anyif", "maxif", "minif", "argmin", "argmax"]) {
      if (!findAggregateFunction(n)) throw new Error(`missing aggregate ${n}`);
    }
  });
  test("result naming mirrors Kusto.Language for common functions", () => {
    expect(findScalarFunction("tostring")!.resultNaming).toBe("firstArg");
    expect(findScalarFunction("strlen")!.resultNaming).toBe("prefixAndFirstArg");
    expect(findScalarFunction("bin")!.resultNaming).toBe("firstArg");
    expect(findScalarFunction("iff")!.resultNaming).toBe("none");
    expect(findScalarFunction("strcat")!.resultNaming).toBe("none");
    expect(findScalarFunction("parse_json")!.resultNaming).toBe("firstArg");
  });
});

describe("generated docs", () => {
  test("list every function and alias", () => {
    const md = renderFunctionDocs();
    for (const f of [...SCALAR_FUNCTIONS, ...AGGREGATE_FUNCTIONS]) {
      expect(md).toContain(`| \`${f.name}\` |`);
      for (const a of f.aliases ?? []) expect(md).toContain(`\`${a}\``);
    }
    expect(md).toContain("| `!has_cs` |");
  });
  test("docs/functions.md is up to date (regenerate with npm run docs)", () => {
    const path = new URL("../../docs/functions.md", import.meta.url);
    expect(readFileSync(path, "utf8")).toBe(renderFunctionDocs());
  });
});
