/**
 * Libraries only some queries need (regexes: re2js; IPv6 text: ipaddr.js; time zones: luxon) are loaded on
 * first use, through one loader each, so importing kql-replay does not pay for them. A plain `import` of one
 * anywhere else in src/ would load it at start-up again.
 */
import { runQuerySync } from "../../src/api.js";
import { sourceFiles } from "../source-files.js";

describe("dependencies loaded on first use", () => {
  const files = sourceFiles();

  it.each([["re2js"], ["ipaddr.js"], ["luxon"]])("%s has no value import in src/ (types only)", (pkg) => {
    const valueImport = new RegExp(`^import\\s+(?!type\\b)[^;]*from\\s+"${pkg.replace(".", "\\.")}"`, "m");
    expect(files.filter((f) => valueImport.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it("still runs what needs them", () => {
    const r = runQuerySync(
      `print re = extract("id=([0-9]+)", 1, "x id=42"), q = regex_quote("a.b"), v6 = parse_ipv6("::1"), inz = datetime_utc_to_local(datetime(2024-07-01 12:00), "Europe/Brussels")`,
      {},
    ).rows[0]!;
    expect(r).toEqual({ re: "42", q: "a\\.b", v6: "0000:0000:0000:0000:0000:0000:0000:0001", inz: "2024-07-01T14:00:00.0000000Z" });
  });
});
