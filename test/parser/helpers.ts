import { parseQuery } from "../../src/parser/index.js";
import type { Expression, Literal, QueryOperator, Statement } from "../../src/parser/ast.js";

/** The expression of a one-statement query. */
export function expr(text: string): Expression {
  const q = parseQuery(text);
  expect(q.statements).toHaveLength(1);
  const s = q.statements[0]! as Statement;
  if (s.kind !== "ExpressionStatement") throw new Error(`expected an expression statement, got ${s.kind}`);
  return s.expression;
}

/** The literal `text` is, read as `print <text>`. */
export function literal(text: string): Literal {
  const e = expr(`print ${text}`);
  if (e.kind !== "Print") throw new Error("expected print");
  const inner = e.items[0]!.expression;
  if (inner.kind !== "Literal") throw new Error(`expected a literal, got ${inner.kind}`);
  return inner;
}

/** The last operator of `T | <op>`. */
export function op(text: string): QueryOperator {
  const e = expr(`T | ${text}`);
  if (e.kind !== "Pipe") throw new Error(`expected a pipe, got ${e.kind}`);
  return e.operator;
}

/** The predicate of `T | where <text>`. */
export function pred(text: string): Expression {
  const o = op(`where ${text}`);
  if (o.kind !== "Where") throw new Error("expected where");
  return o.predicate;
}

/** Drops spans so shapes can be compared with toEqual. */
export function strip<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (k, v: unknown) => {
      if (k === "span" || k === "keywordSpan" || k === "operatorSpan" || k === "nameSpan") return undefined;
      if (typeof v === "bigint") return `${v}n`;
      return v;
    }),
  ) as T;
}

export const name = (n: string) => ({ kind: "Name", name: n });
export const lit = (type: string, value: unknown) => ({ kind: "Literal", type, value });
