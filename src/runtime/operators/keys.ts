/**
 * Hash keys for grouping, joining and distinct over one or several values. Kusto compares keys by
 * value within a type; JS Map keys already do that for strings, numbers, booleans and bigints, so one
 * key needs no encoding. Several keys are encoded into one string with each part tagged by its JS type
 * and length-prefixed, so `("a1", "")` and `("a", "1")` or `1` and `"1"` never collide.
 */
import type { RowFn } from "../compile.js";
import type { Value } from "../values.js";

export type KeyFn = (row: number) => unknown;

function part(v: Value): string {
  if (v === null || v === undefined) return "N";
  switch (typeof v) {
    case "string":
      return `s${v.length}:${v}`;
    case "number":
      return `n${v}|`;
    case "bigint":
      return `t${v}|`;
    case "boolean":
      return v ? "T" : "F";
    default: {
      const json = JSON.stringify(v);
      return `j${json.length}:${json}`;
    }
  }
}

function single(v: Value): unknown {
  if (v !== null && typeof v === "object") return `\u0000${JSON.stringify(v)}`;
  if (typeof v === "number" && Number.isNaN(v)) return "\u0000NaN";
  return v;
}

/** The key of a row over the given value functions. */
export function keyFunction(fns: readonly RowFn[]): KeyFn {
  if (fns.length === 0) return () => "";
  if (fns.length === 1) {
    const f = fns[0]!;
    return (i) => single(f(i));
  }
  return (i) => {
    let k = "";
    for (const f of fns) k += part(f(i));
    return k;
  };
}


/**
 * The key of a row, or undefined when any key value is null (null keys match nothing in a join): one
 * read of each value instead of a null check followed by a key computation.
 */
export function keyOrNullFunction(fns: readonly RowFn[]): KeyFn {
  if (fns.length === 1) {
    const f = fns[0]!;
    return (i) => {
      const v = f(i);
      return v === null ? undefined : single(v);
    };
  }
  return (i) => {
    let k = "";
    for (const f of fns) {
      const v = f(i);
      if (v === null) return undefined;
      k += part(v);
    }
    return k;
  };
}

/**
 * Assigns rows to groups by their key values: `groupOf(row, create)` returns the row's group number,
 * calling `create(row)` for a key not seen before. Several keys are looked up in nested Maps, one level
 * per key, so no composite key string is built per row (that allocation dominated multi-key summarize).
 * The level for the last key starts as just a group number (with that group's last key value kept
 * aside) and becomes a Map only when a second value of the last key turns up under the same earlier
 * keys: `by Resource, OperationName` over 150k resources would otherwise make 150k one-entry Maps.
 */
export function grouper(fns: readonly RowFn[]): (row: number, create: (row: number) => number) => number {
  if (fns.length === 0) {
    let only = -1;
    return (row, create) => (only >= 0 ? only : (only = create(row)));
  }
  const root = new Map<unknown, unknown>();
  if (fns.length === 1) {
    const f = fns[0]!;
    return (row, create) => {
      const v = single(f(row));
      const g = root.get(v) as number | undefined;
      if (g !== undefined) return g;
      const created = create(row);
      root.set(v, created);
      return created;
    };
  }
  const last = fns.length - 1;
  const lastKeyOf: unknown[] = []; // by group, for groups held as a bare number
  return (row, create) => {
    let level = root;
    for (let k = 0; k < last - 1; k++) {
      const v = single(fns[k]!(row));
      let next = level.get(v) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    const v = single(fns[last - 1]!(row));
    const w = single(fns[last]!(row)); // single() makes keys that === compares as a Map does
    const entry = level.get(v) as number | Map<unknown, number> | undefined;
    if (entry === undefined) {
      const created = create(row);
      lastKeyOf[created] = w;
      level.set(v, created);
      return created;
    }
    if (typeof entry === "number") {
      if (lastKeyOf[entry] === w) return entry;
      const created = create(row);
      level.set(
        v,
        new Map<unknown, number>([
          [lastKeyOf[entry], entry],
          [w, created],
        ]),
      );
      return created;
    }
    const g = entry.get(w);
    if (g !== undefined) return g;
    const created = create(row);
    entry.set(w, created);
    return created;
  };
}
