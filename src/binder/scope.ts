/**
 * Name scopes of a query: `let` bindings, function parameters and user-defined functions. A scope
 * chains to its parent, so a function body sees the names visible where the function was defined.
 */
import type { FunctionDefinition } from "../parser/ast.js";
import type { BoundExpr, PlanNode } from "./plan.js";

export type Binding =
  | { kind: "scalar"; expr: BoundExpr }
  | { kind: "tabular"; plan: PlanNode }
  | { kind: "function"; def: FunctionDefinition; scope: Scope; name: string };

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}

  define(name: string, binding: Binding): void {
    this.names.set(name, binding);
  }

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  /**
   * What a call `name(...)` refers to among the let-bound names: a function or a table. A scalar value
   * is not callable, so `let percentile = 95; ... percentile(x, percentile)` still calls the aggregate.
   */
  callable(name: string): Binding | undefined {
    const b = this.lookup(name);
    return b && b.kind !== "scalar" ? b : undefined;
  }

  /** Every visible name, for suggestions. */
  allNames(): string[] {
    return [...this.names.keys(), ...(this.parent?.allNames() ?? [])];
  }
}
