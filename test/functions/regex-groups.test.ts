/**
 * firstMatchGroups (functions/re2.ts) finds the first match at or after a position and its capture groups in
 * one engine run; it must give exactly what RE2JS's Matcher gives with find(from) and then group(n), which
 * runs the engine twice.
 */
import fc from "fast-check";
import { firstMatchGroups, groupText, re2 } from "../../src/functions/re2.js";

const PATTERNS = [
  String.raw`https://([a-z0-9-]+)\.vault`,
  String.raw`(\d+)`,
  String.raw`(a+)(b*)`,
  String.raw`(a|ab)(c|bcd)(d*)`,
  String.raw`x(y)?z`,
  String.raw`(?P<first>[ab]+)-(?P<second>\w*)`,
  String.raw`^(.*?)=(.*)$`,
  String.raw`(.*)/(.*)`,
  String.raw`(?i)(A)(b)?`,
  String.raw`(😀+)(.)`,
  String.raw`()`,
  String.raw`ab`,
];

const text = fc.array(fc.constantFrom("a", "b", "c", "d", "x", "y", "z", "A", "1", "2", "-", "=", "/", ".", "😀", "é", " "), { maxLength: 14 }).map((cs) => cs.join(""));

describe("firstMatchGroups", () => {
  it.each(PATTERNS)("agrees with find(from) and group(n) for %s", (pattern) => {
    const re = re2().compile(pattern);
    fc.assert(
      fc.property(text, fc.nat(16), (t, at) => {
        const from = Math.min(at, t.length);
        const m = re.matcher(t);
        const found = m.find(from);
        const groups = firstMatchGroups(re, t, from);
        expect(groups !== undefined).toBe(found);
        if (!found || !groups) return;
        for (let g = 0; g <= re.groupCount(); g++) expect(groupText(t, groups, g)).toBe(m.group(g));
      }),
      { numRuns: 300 },
    );
  });

  it("finds the vault name in a Key Vault URI", () => {
    const t = "https://kv-prod-1a2b.vault.azure.net/secrets/x";
    const groups = firstMatchGroups(re2().compile(String.raw`https://([a-z0-9-]+)\.vault`), t)!;
    expect(groupText(t, groups, 1)).toBe("kv-prod-1a2b");
    expect(firstMatchGroups(re2().compile("zzz"), t)).toBeUndefined();
  });
});
