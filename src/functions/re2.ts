/**
 * RE2JS (linear-time regexes, RE2 syntax, as Kusto uses), loaded on the first regex the library compiles or
 * quotes: many rules use none, and importing it at start-up cost about 15 ms of the library's import.
 */
import { createRequire } from "node:module";
import type * as Re2Module from "re2js";

export type RE2JS = Re2Module.RE2JS;

let loaded: typeof Re2Module.RE2JS | undefined;

/** The RE2JS class (its static `compile`, `quote` and flags). */
export function re2(): typeof Re2Module.RE2JS {
  loaded ??= (createRequire(import.meta.url)("re2js") as typeof Re2Module).RE2JS;
  return loaded;
}

/**
 * The first match of `re` in `text` at or after `from`, with every capture group, found in one pass:
 * `[start, end)` offsets per group, group 0 being the whole match (-1 for a group that took no part), or
 * undefined when nothing matches. A Matcher's `find()` then `group(n)` runs the engine twice, the second
 * time for the groups (half of `extract`'s time); RE2's `matchWithGroup` asks for the groups in the first
 * run. Both give RE2's leftmost-first match (test/functions/regex-groups.test.ts holds them to each other).
 */
export function firstMatchGroups(re: RE2JS, text: string, from = 0): readonly number[] | undefined {
  const [found, groups] = re.re2Input.matchWithGroup(text, from, text.length, UNANCHORED, 1 + re.groupCount()) as [boolean, number[] | null];
  return found && groups ? groups : undefined;
}

/** RE2's flag for a match that may start anywhere (RE2Flags.UNANCHORED). */
const UNANCHORED = 0;

/** The text of capture group `g` of a firstMatchGroups result, or null when the group took no part. */
export function groupText(text: string, groups: readonly number[], g: number): string | null {
  const start = groups[2 * g]!;
  const end = groups[2 * g + 1]!;
  return start < 0 || end < 0 ? null : text.slice(start, end);
}
