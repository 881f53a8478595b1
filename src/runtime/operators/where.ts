import { exprChildren, type BoundExpr, type PlanNode, type ProjectNode, type WhereNode } from "../../binder/plan.js";
import { KqlError } from "../../errors.js";
import type { ScalarType } from "../../types.js";
import { compileExpr, type ExecutionEnv, type RowFn } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { compilePredicateTerms, type RowTest } from "../predicate.js";
import { ArrayColumn, Column, ConstantColumn, notAnObject, StringRowObjectColumn, Table } from "../table.js";
import { isBag, type Value } from "../values.js";

/** An operator that can run inside a filter's pass: a filter, or an extend/project computing per row. */
export type PassNode = WhereNode | ProjectNode;

/**
 * Runs a filter together with the filters and extends/projects below it (`chain`, innermost first, ending
 * with the filter: see `fusableChain`; a grouped subquery's chain may also end with an extend) in one pass
 * over `input`. Each row is read once, while it is at
 * hand: it goes through the stages in order, a filter ending its trip and an extend computing its new
 * values into registers, and only the rows that pass every filter keep their computed values, in one
 * array per column. Running the stages one operator at a time would read every kept row's fields again
 * per operator, long after the first pass left them (a cache miss each), and store every intermediate
 * column. No input values are copied: the output selects the kept rows of the input's columns.
 * `prefetch` names output columns that a later join reads for every row: plain string columns of the
 * caller's rows are read for each kept row during the pass too (see ../prefetch.ts). `sinkFor`, given the
 * rows as the pass's last stage sees them, returns an operator that consumes each kept row right there (a
 * summarize above the filter: see SummarizeSink; a grouped subquery noting each kept row's group).
 */
export function runWhere(
  chain: readonly PassNode[],
  input: Table,
  env: ExecutionEnv,
  prefetch: readonly number[] = [],
  sinkFor?: (rows: Table) => PassSink,
): Table {
  const n = input.length;
  const registers: Value[] = [];
  const registerTypes: ScalarType[] = [];
  // What each column of the current stage's input is: a column of `input`, a register, or a constant.
  let layout: Slot[] = input.columns.map((_, c) => ({ k: "input", c }));
  const tests: RowTest[] = [];
  let table = input; // the rows as the current stage sees them
  chain.forEach((node, position) => {
    // The innermost stage sees `input` itself: it may read row positions (row_number, prev), which need
    // the whole table; the chain admits such a stage only there (fusableChain).
    table = position === 0 ? input : stageTable(node.input.schema, layout, input, registers, registerTypes);
    if (node.op === "where") {
      tests.push(...compilePredicateTerms(node.predicate, table, env));
      return;
    }
    const computed: { register: number; f: RowFn }[] = [];
    layout = node.exprs.map((expr): Slot => {
      if (expr.k === "column") return layout[expr.index]!;
      if (expr.k === "const") return { k: "const", type: expr.type, value: expr.value };
      const register = registers.length;
      registers.push(null);
      registerTypes.push(expr.type);
      computed.push({ register, f: compileExpr(expr, table, env) });
      return { k: "register", register };
    });
    tests.push(env.compiled.keep(computeStep(computed, registers)));
  });
  const last = chain[chain.length - 1]!;
  // When the chain ends with a filter, which keeps its input's columns, these are also the rows after it.
  const sink = sinkFor?.(table);

  // The registers the output keeps (an extend whose column a later extend replaced keeps nothing). A loop,
  // not flatMap: the layout is as wide as the table (250 columns for AzureDiagnostics), on every query.
  const keptSet = new Set<number>();
  for (const s of layout) if (s.k === "register") keptSet.add(s.register);
  const kept = [...keptSet];
  const stored = kept.map(() => new Array<Value>(n));
  const collectors = prefetch.flatMap((index) => {
    const slot = layout[index];
    const column = slot?.k === "input" ? input.columns[slot.c] : undefined;
    const collector = column instanceof StringRowObjectColumn ? column.collector() : undefined;
    if (!collector) return [];
    env.compiled.keep(collector.take);
    return [{ index, ...collector }];
  });

  const selection = new Int32Array(n);
  let count = 0;
  const guard = env.guard;
  // Every stage's tests (a filter's `and` terms each on its own) in one loop here: a call per row into an
  // allOf over them measured 4-8% of a two-filter pass over 1M rows.
  const testCount = tests.length;
  // The caller's rows not checked yet are checked here, each before any test reads it (see Table.uncheckedRows).
  const unchecked = input.uncheckedRows;
  rows: for (let i = 0; i < n; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    if (unchecked !== undefined && !isBag(unchecked.rows[i])) throw notAnObject(unchecked.table, i);
    for (let t = 0; t < testCount; t++) if (!tests[t]!(i)) continue rows;
    for (let k = 0; k < kept.length; k++) stored[k]![count] = registers[kept[k]!];
    for (let k = 0; k < collectors.length; k++) collectors[k]!.take(i);
    if (sink) sink.add(i, count);
    selection[count++] = i;
  }

  input.uncheckedRows = undefined;
  const selected = count === n ? input : input.select(selection.slice(0, count));
  const columns = layout.map((slot): Column => {
    if (slot.k === "input") return selected.columns[slot.c]!;
    if (slot.k === "const") return new ConstantColumn(slot.type, slot.value, count);
    const values = stored[kept.indexOf(slot.register)]!;
    values.length = count;
    return new ArrayColumn(registerTypes[slot.register]!, values);
  });
  for (const c of collectors) columns[c.index] = c.column();
  return new Table(last.schema, columns, count);
}

/** An operator consuming a filter's kept rows inside its pass: `add(readRow, row)` for input row `readRow`, kept as row `row`. */
export interface PassSink {
  add(readRow: number, row: number): void;
}

type Slot = { k: "input"; c: number } | { k: "register"; register: number } | { k: "const"; type: ScalarType; value: Value };

/** An extend's step in the pass: computes its values for the row into registers; never drops the row. */
function computeStep(computed: readonly { register: number; f: RowFn }[], registers: Value[]): RowTest {
  if (computed.length === 1) {
    const { register, f } = computed[0]!;
    return (i) => {
      registers[register] = f(i);
      return true;
    };
  }
  return (i) => {
    for (let k = 0; k < computed.length; k++) registers[computed[k]!.register] = computed[k]!.f(i);
    return true;
  };
}

/** A stage's input as the pass sees it at row i: input columns read row i, registers hold row i's values. */
function stageTable(schema: Table["schema"], layout: readonly Slot[], input: Table, registers: Value[], types: readonly ScalarType[]): Table {
  const columns = layout.map((slot): Column => {
    if (slot.k === "input") return input.columns[slot.c]!;
    if (slot.k === "const") return new ConstantColumn(slot.type, slot.value, input.length);
    return new RegisterColumn(types[slot.register]!, registers, slot.register, input.length);
  });
  return new Table(schema, columns, input.length);
}

/**
 * A column computed earlier in the same pass: it holds the value for the row the pass is at, whatever row
 * number it is asked for. Only expressions compiled for the pass read it, one row at a time.
 */
class RegisterColumn extends Column {
  constructor(
    type: ScalarType,
    private readonly registers: Value[],
    private readonly register: number,
    readonly length: number,
  ) {
    super(type);
  }

  get(): Value {
    return this.registers[this.register] as Value;
  }

  override reader(): (row: number) => Value {
    const { registers, register } = this;
    return () => registers[register] as Value;
  }

  override readAll(): readonly Value[] {
    throw passOnly();
  }

  select(): Column {
    throw passOnly();
  }
}

function passOnly(): KqlError {
  return new KqlError({ code: "KQL_RUNTIME", message: "internal: a column computed in a filter's pass was read outside that pass" });
}

/**
 * The operators directly below the filter `node` that can run in its pass, innermost first, ending with
 * `node`: filters and extends/projects. A stage that reads row positions (`prev`, `row_number`, ...) must
 * see every row of its own input, so it can only be the innermost stage, and the chain stops under it;
 * `stop(n)` ends the chain at a node whose own result is needed (already computed, or traced).
 */
export function fusableChain(node: WhereNode, stop: (n: PlanNode) => boolean): PassNode[] {
  const chain: PassNode[] = [node];
  let top: PassNode = node;
  while ((top.input.op === "where" || top.input.op === "project") && !readsRowPosition(top) && !stop(top.input)) {
    top = top.input;
    chain.push(top);
  }
  return chain.reverse();
}

/**
 * Of a plan's nodes, those the executor runs inside an operator above them when no trace asks for each
 * operator's rows: filters and extends/projects in the pass of a filter or of a summarize that consumes a
 * filter's rows, and a sort under a take (which sorts keeping the take's rows only). A caller that runs
 * nodes one by one skips these.
 */
export function nodesRunInPass(nodes: readonly PlanNode[]): Set<number> {
  const inPass = new Set<number>();
  for (const node of nodes) {
    if (node.op === "summarize" && node.input.op === "where") inPass.add(node.input.id);
    if (node.op === "take" && node.input.op === "sort") inPass.add(node.input.id);
    if (node.op !== "where") continue;
    const chain = fusableChain(node, () => false);
    for (let k = 0; k < chain.length - 1; k++) inPass.add(chain[k]!.id);
  }
  return inPass;
}

/** Whether a filter's or extend's values depend on where its row sits in the table (window functions). */
export function readsRowPosition(node: PassNode): boolean {
  return node.op === "where" ? exprReadsRowPosition(node.predicate) : node.exprs.some(exprReadsRowPosition);
}

export function exprReadsRowPosition(e: BoundExpr): boolean {
  return e.k === "window" || exprChildren(e).some(exprReadsRowPosition);
}
