/**
 * The case folding of KQL's case-insensitive comparisons (`=~`, `in~`, `has`, `contains`, ...): Kusto runs
 * on .NET and compares with `StringComparison.OrdinalIgnoreCase`, which maps each character by its simple
 * upper-case mapping and never maps a non-ASCII character to an ASCII one (dotnet/runtime#32247): `ſ` is no
 * `s`, the Kelvin sign `K` no `k`, `ß` no `SS` (a mapping to several characters is not a simple one), while
 * `é` is `É` and `ς`, `σ` and `Σ` are one letter. ECMAScript's Canonicalize for `/i` without the `u` flag
 * is the same rule, which is why the engine's case-insensitive regexes (string-operators.ts) agree with
 * this function.
 *
 * The folded form keeps ASCII letters in lower case (the needles' form elsewhere in the engine) and other
 * characters in their simple upper case, so it is as long as the text, character for character: a match's
 * place in the folded text is its place in the text.
 */

/** Folded forms of BMP characters, filled as they are met (0: not yet known). */
const FOLDED = new Uint16Array(0x10000);

function foldUnit(c: number): number {
  const known = FOLDED[c]!;
  if (known !== 0) return known;
  const upper = String.fromCharCode(c).toUpperCase();
  // Only a single non-ASCII character is a simple mapping that keeps a non-ASCII character non-ASCII.
  const folded = upper.length === 1 && upper.charCodeAt(0) >= 0x80 ? upper.charCodeAt(0) : c;
  FOLDED[c] = folded;
  return folded;
}

/** Whether every code unit of `s` is ASCII. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** `s` case-folded for a case-insensitive comparison: two texts are equal ignoring case when their folds are. */
export function foldCase(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
      continue;
    }
    // A surrogate pair is one character (Deseret `𐐨` folds with `𐐀`), mapped as a whole.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const pair = s.slice(i, i + 2);
        const upper = pair.toUpperCase();
        out += upper.length === 2 ? upper : pair;
        i++;
        continue;
      }
    }
    out += String.fromCharCode(foldUnit(c));
  }
  return out;
}
