/**
 * parse kind=simple/relaxed matches with indexOf steps (falling back to the regex). This checks the
 * result against a reference built from the regex translation the docs describe, on random texts made
 * of the pattern's own pieces, so matches, near-misses and repeated delimiters all occur.
 */
import fc from "fast-check";
import { run } from "./helpers.js";

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface Case {
  pattern: string; // the KQL pattern after `with`
  regex: RegExp; // the reference translation (anchored, lazy, dot matches newline)
  columns: string[];
  types: string[];
}

const CASES: Case[] = [
  { pattern: '"k=" a "," b', regex: new RegExp(`^${escape("k=")}(.*?)${escape(",")}(.*)`, "s"), columns: ["a", "b"], types: ["string", "string"] },
  { pattern: '* "k=" a "," *', regex: new RegExp(`^.*?${escape("k=")}(.*?)${escape(",")}.*`, "s"), columns: ["a"], types: ["string"] },
  { pattern: '* "n=" n:long * "," rest', regex: new RegExp(`^.*?${escape("n=")}(-?\\d+).*?${escape(",")}(.*)`, "s"), columns: ["n", "rest"], types: ["long", "string"] },
  // Text constants and string columns only: the step reading alone decides (no regex fallback), also when
  // a constant repeats and an earlier occurrence cannot be the one that matches.
  { pattern: '"k=" a "=" b "," c', regex: new RegExp(`^${escape("k=")}(.*?)${escape("=")}(.*?)${escape(",")}(.*)`, "s"), columns: ["a", "b", "c"], types: ["string", "string", "string"] },
  { pattern: 'a "=" * n:long', regex: new RegExp(`^(.*?)${escape("=")}.*?(-?\\d+)`, "s"), columns: ["a", "n"], types: ["string", "long"] },
];

const piece = fc.constantFrom("k=", "n=", ",", "=", "-", "7", "42", "x", " ", "\n", "ab");

describe("parse steps agree with the regex translation", () => {
  it.each(CASES.map((c) => [c.pattern, c] as const))("pattern %s", (_p, c) => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((ps) => ps.join("")), (s) => {
        const r = run(`T | parse s with ${c.pattern} | project ${c.columns.join(", ")}`, { T: [{ s }] });
        const m = c.regex.exec(s);
        const expected = c.columns.map((_, k) => {
          if (!m) return c.types[k] === "string" ? "" : null;
          const text = m[k + 1] ?? "";
          return c.types[k] === "long" ? Number(text) : text;
        });
        expect(c.columns.map((name) => r.rows[0]![name])).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
