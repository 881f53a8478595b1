import type { ParseNode, ParseStep } from "../../binder/plan.js";
import type { ScalarType } from "../../types.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { firstMatchGroups, groupText } from "../../functions/re2.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import { parseDateTime, parseGuid, parseJsonDynamic, parseTimespan, valueToString, type Value } from "../values.js";

const INTEGER = /^\s*[-+]?\d+\s*$/;
const REAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Captured text as a typed value; undefined when it does not convert (strings always do). */
function convert(text: string, type: ScalarType): Value | undefined {
  switch (type) {
    case "string":
      return text;
    case "int":
    case "long":
      return INTEGER.test(text) ? Number(text) : undefined;
    case "real":
    case "decimal":
      return REAL.test(text) ? Number(text) : undefined;
    case "bool": {
      const t = text.trim().toLowerCase();
      return t === "true" ? true : t === "false" ? false : undefined;
    }
    case "datetime":
      return parseDateTime(text) ?? undefined;
    case "timespan":
      return parseTimespan(text) ?? undefined;
    case "guid":
      return parseGuid(text) ?? undefined;
    case "dynamic":
      return parseJsonDynamic(text);
  }
}

/**
 * Matches `text` with the pattern's steps: each text constant is found with indexOf after the previous
 * step (at the very start when nothing may skip), columns take what lies between, a digits column takes
 * `-?\d+` (after a `*`, the first such run). Returns the captured texts, or undefined when this
 * leftmost-first reading finds no match; the regex, which can backtrack, then has the last word.
 */
function matchSteps(text: string, steps: readonly ParseStep[], captureCount: number): string[] | undefined {
  const caps = new Array<string>(captureCount);
  let pos = 0;
  let pendingColumn = -1; // a text column waiting for the next constant to end it
  let skipping = false; // a `*` (or nothing yet) may skip text before the next step
  for (const step of steps) {
    if (step.kind === "text") {
      if (pendingColumn >= 0 || skipping) {
        const at = text.indexOf(step.text, pos);
        if (at < 0) return undefined;
        if (pendingColumn >= 0) caps[pendingColumn] = text.slice(pos, at);
        pos = at + step.text.length;
      } else {
        if (!text.startsWith(step.text, pos)) return undefined;
        pos += step.text.length;
      }
      pendingColumn = -1;
      skipping = false;
    } else if (step.kind === "star") {
      if (pendingColumn >= 0) caps[pendingColumn] = ""; // a lazy column before `*` takes nothing
      pendingColumn = -1;
      skipping = true;
    } else if (step.digits) {
      let start = pos;
      if (skipping) {
        while (start < text.length && !startsNumber(text, start)) start++;
      }
      if (!startsNumber(text, start)) return undefined;
      let end = start + (text.charCodeAt(start) === 45 ? 1 : 0);
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      caps[step.column] = text.slice(start, end);
      pos = end;
      skipping = false;
    } else {
      pendingColumn = step.column;
      skipping = false;
    }
  }
  if (pendingColumn >= 0) caps[pendingColumn] = text.slice(pos);
  return caps;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function startsNumber(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return isDigit(c) || (c === 45 && isDigit(text.charCodeAt(at + 1)));
}

/**
 * Whether the step reading's failure settles that the pattern does not match. Text constants and the
 * columns between them are found leftmost-first, as the lazy regex finds them: when a constant does not
 * occur after the earliest place it can start, it occurs after no later one either. A digits column can
 * take a different run of digits when the regex backtracks, so with one the regex has the last word.
 */
function stepsAreConclusive(steps: readonly ParseStep[]): boolean {
  return steps.every((s) => s.kind !== "column" || !s.digits);
}

export function runParse(node: ParseNode, input: Table, env: ExecutionEnv): Table {
  const source = compileExpr(node.source, input, env);
  const sourceType = node.source.type;
  const width = node.captures.length;
  const values: Value[][] = node.captures.map(() => []);
  const kept = new Int32Array(input.length);
  let keptCount = 0;
  const nulls = node.captures.map((c) => (c.type === "string" ? "" : null));
  const steps = node.steps;
  const conclusive = steps !== undefined && stepsAreConclusive(steps);
  const converted = new Array<Value>(width);
  // The regex's group number of each capture (the binder names the groups kqlcol0, kqlcol1, ...).
  const named = node.regex.namedGroups();
  const captureGroups = node.captures.map((cap) => named[cap.group]!);
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    const text = valueToString(source(i), sourceType);
    let texts = steps ? matchSteps(text, steps, width) : undefined;
    if (texts === undefined && !conclusive) {
      const groups = firstMatchGroups(node.regex, text);
      if (groups) texts = captureGroups.map((g) => groupText(text, groups, g) ?? "");
    }
    let row: readonly Value[] | undefined;
    if (texts !== undefined) {
      row = converted;
      for (let c = 0; c < width; c++) {
        const cap = node.captures[c]!;
        const v = convert(texts[c]!, cap.type);
        if (v === undefined) {
          if (node.strict) {
            row = undefined;
            break;
          }
          converted[c] = nulls[c]!;
        } else converted[c] = v;
      }
    }
    if (!row) {
      if (node.dropUnmatched) continue;
      row = nulls;
    }
    kept[keptCount++] = i;
    for (let c = 0; c < width; c++) values[c]!.push(row[c]!);
  }
  const base = node.dropUnmatched && keptCount !== input.length ? input.select(kept.slice(0, keptCount)) : input;
  const columns: Column[] = node.schema.map((col, c) => {
    const k = node.captures.findIndex((cap) => cap.target === c);
    return k >= 0 ? new ArrayColumn(col.type, values[k]!) : base.columns[c]!;
  });
  return new Table(node.schema, columns, keptCount);
}
