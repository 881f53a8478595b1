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

/** The folded code units of the text being folded; grown as needed, up to BUFFER_LIMIT units kept. */
let buffer = new Uint16Array(256);
const BUFFER_LIMIT = 1 << 20;
const utf16 = new TextDecoder("utf-16le");

/** `s` case-folded for a case-insensitive comparison: two texts are equal ignoring case when their folds are. */
export function foldCase(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  const n = s.length;
  const units = n <= buffer.length ? buffer : n <= BUFFER_LIMIT ? (buffer = new Uint16Array(Math.max(n, buffer.length * 2))) : new Uint16Array(n);
  let surrogates = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      units[i] = c >= 65 && c <= 90 ? c + 32 : c;
    } else if (c < 0xd800 || c > 0xdfff) {
      units[i] = foldUnit(c);
    } else {
      surrogates = true;
      units[i] = c;
      // A surrogate pair is one character (Deseret `𐐨` folds with `𐐀`), mapped as a whole.
      if (c <= 0xdbff && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          const upper = s.slice(i, i + 2).toUpperCase();
          const pair = upper.length === 2 ? upper : s.slice(i, i + 2);
          units[i] = pair.charCodeAt(0);
          units[i + 1] = pair.charCodeAt(1);
          i++;
        }
      }
    }
  }
  // Decoding the units as UTF-16 is the fastest way back to a string (3-5x a loop of concatenations on long
  // texts), but it would replace a lone surrogate with U+FFFD: a text with surrogates is joined unit by unit.
  if (!surrogates) return utf16.decode(units.subarray(0, n));
  let out = "";
  for (let at = 0; at < n; at += 4096) out += String.fromCharCode(...units.subarray(at, Math.min(n, at + 4096)));
  return out;
}
