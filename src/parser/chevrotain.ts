/**
 * Chevrotain, loaded from the single-file ES bundle the package ships (lib/chevrotain.mjs) instead of
 * its modular entry point. The modular entry pulls in hundreds of lodash-es modules and costs about
 * 600 ms to import on these machines; the bundle, the same code and version, about 50 ms. The package's
 * `exports` map does not expose the bundle, so it is found next to the resolved entry point; if it is
 * ever missing, the regular entry point is used.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as ChevrotainApi from "chevrotain";

async function load(): Promise<typeof ChevrotainApi> {
  try {
    const entry = createRequire(import.meta.url).resolve("chevrotain");
    const bundle = join(dirname(entry), "..", "chevrotain.mjs");
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as typeof ChevrotainApi;
  } catch {
    // Fall through to the regular entry point.
  }
  return import("chevrotain");
}

const chevrotain = await load();

export const { createToken, Lexer, EmbeddedActionsParser, EOF, tokenMatcher } = chevrotain;
export type { IOrAlt, IParserErrorMessageProvider, IRecognitionException, IToken, OrMethodOpts, TokenType } from "chevrotain";
/** The lexer class's instance type (the value above is the class). */
export type Lexer = ChevrotainApi.Lexer;
