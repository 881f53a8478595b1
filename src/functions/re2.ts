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
