/**
 * The syntax tree of a query text as every run of that text shares it. A rule replayed by its tests, or
 * any warm `runQuery`, parses the same text again and again: the parse and the tree-depth check were a
 * fifth of a warm call of the seed rule. The last few trees are kept, frozen so that nothing downstream
 * can change what the next run of the same text gets (the binder copies literal dynamic values it hands
 * to the runtime with toDynamic). Texts that fail to parse are not kept: their error is made again.
 */
import { RecentCache } from "../recent-cache.js";
import type { QueryText } from "./ast.js";
import { checkTreeDepth, parseQuery } from "./index.js";

const trees = new RecentCache<QueryText>(64);

/** The parsed, depth-checked and frozen tree of `text`; throws the parse or depth KqlError. */
export function sharedTree(text: string): QueryText {
  return trees.get(text, () => {
    const ast = parseQuery(text);
    const tooDeep = checkTreeDepth(text, ast);
    if (tooDeep) throw tooDeep;
    return deepFreeze(ast);
  });
}

/** Freezes `root` and every object and array it reaches. */
export function deepFreeze<T extends object>(root: T): T {
  const pending: object[] = [root];
  while (pending.length > 0) {
    const o = pending.pop()!;
    if (Object.isFrozen(o)) continue;
    Object.freeze(o);
    for (const v of Object.values(o)) if (typeof v === "object" && v !== null) pending.push(v as object);
  }
  return root;
}
