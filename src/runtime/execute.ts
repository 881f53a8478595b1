/**
 * Runs a bound plan. Each plan node runs once per query and its result is kept, so a `let` table used
 * twice (or a subquery read by every row) is computed once, as `materialize()` would. Operator
 * boundaries stay visible: `onOperator` sees every node's input and output tables, which is where
 * replay traces hook in.
 */
import { CompiledCode } from "./compiled-code.js";
import type { PlanNode, SummarizeNode } from "../binder/plan.js";
import type { ExecutionEnv } from "./compile.js";
import { ExecutionGuard } from "./guard.js";
import { runBagUnpack } from "./operators/bag-unpack.js";
import { runBasket } from "./operators/basket.js";
import { runIpv4Lookup } from "./operators/ipv4-lookup.js";
import { runSequenceDetect } from "./operators/sequence-detect.js";
import { runJoin } from "./operators/join.js";
import { runMakeSeries } from "./operators/make-series.js";
import { runMvApply } from "./operators/mv-apply.js";
import { runMvExpand } from "./operators/mv-expand.js";
import { runParse } from "./operators/parse.js";
import { runPartition } from "./operators/partition.js";
import { runPivot } from "./operators/pivot.js";
import { runProject } from "./operators/project.js";
import { runReduce } from "./operators/reduce.js";
import { runCount, runDistinct, runTake, takeCount } from "./operators/simple.js";
import { runSort } from "./operators/sort.js";
import { runDatatable, runPrint, runRange } from "./operators/sources.js";
import { runSummarize, summarizeSink, type SummarizeSink } from "./operators/summarize.js";
import { runTopNested } from "./operators/top-nested.js";
import { runUnion } from "./operators/union.js";
import { fusableChain, runWhere } from "./operators/where.js";
import type { FilterPrefetch } from "./prefetch.js";
import { checkRows, type Table } from "./table.js";

export type SourceResolver = (table: string, node: PlanNode) => Table;

/** Called after each operator with its inputs and output, for tracing. */
export type OperatorObserver = (node: PlanNode, inputs: readonly Table[], output: Table) => void;

/**
 * Each plan node's own running time in milliseconds (its inputs' time excluded), by node id, added to
 * over runs. Unlike an observer, timing changes nothing about how the plan runs: a filter still runs the
 * filters and extends below it in its pass (and a summarize over it still consumes that pass), all timed as
 * the operator on top.
 */
export type OperatorTimings = Map<number, number>;

export class Executor implements ExecutionEnv {
  private readonly results = new Map<number, Table>();
  readonly compiled = new CompiledCode();

  constructor(
    private readonly sources: SourceResolver,
    private readonly observer?: OperatorObserver,
    readonly guard: ExecutionGuard = ExecutionGuard.unlimited(),
    /** Columns filters read for a later join during their pass (filterPrefetch of the plan). */
    private readonly prefetch: FilterPrefetch = new Map(),
    private readonly timings?: OperatorTimings,
  ) {}

  /** With timings: the time the inputs of the node now running took, to subtract from its own. */
  private inputsMs = 0;

  /**
   * The node's result, computed once. A table of the caller's rows comes back with every row checked to be an
   * object, unless `rowsCheckedByReader` (a filter checks them in its own pass: runWhere) and no observer
   * is to see the table first.
   */
  run(node: PlanNode, rowsCheckedByReader = false): Table {
    const checkNow = !rowsCheckedByReader || this.observer !== undefined;
    const cached = this.results.get(node.id);
    if (cached) {
      if (checkNow) checkRows(cached);
      return cached;
    }
    this.guard.poll();
    const timings = this.timings;
    let started = 0;
    let outerInputsMs = 0;
    if (timings) {
      started = performance.now();
      outerInputsMs = this.inputsMs;
      this.inputsMs = 0;
    }
    const { inputs, output } = this.evaluate(node);
    if (timings) {
      const elapsed = performance.now() - started;
      timings.set(node.id, (timings.get(node.id) ?? 0) + elapsed - this.inputsMs);
      this.inputsMs = outerInputsMs + elapsed;
    }
    if (node.op !== "source") this.guard.rows(output.length, node.op, node.span);
    this.results.set(node.id, output);
    if (checkNow) checkRows(output);
    this.observer?.(node, inputs, output);
    return output;
  }

  /**
   * How mv-apply and partition run their subquery over a slice of rows: a fresh executor per slice (results
   * are cached per node, and each slice's are its own) that reads the slice where the placeholder stands.
   */
  private subqueryRunner(placeholder: string): (rows: Table, subquery: PlanNode) => Table {
    return (rows, subquery) => new Executor((name, n) => (name === placeholder ? rows : this.sources(name, n)), undefined, this.guard).run(subquery);
  }

  /**
   * A summarize over a filter takes each row the filter keeps inside the filter's pass, while the row is at
   * hand (untraced, and unless the filter's result is already there). The filter's output is kept as its
   * result, as if it had run on its own.
   */
  private summarizeInPass(node: SummarizeNode): { inputs: Table[]; output: Table } | undefined {
    const below = node.input;
    if (below.op !== "where" || this.observer !== undefined || this.results.has(below.id)) return undefined;
    const chain = fusableChain(below, (n) => this.results.has(n.id));
    const input = this.run(chain[0]!.input, true);
    let sink: SummarizeSink | undefined;
    const kept = runWhere(chain, input, this, this.prefetch.get(below.id), (rows) => (sink = summarizeSink(node, rows, this)));
    this.results.set(below.id, kept);
    return { inputs: [kept], output: sink!.finish(kept) };
  }

  private evaluate(node: PlanNode): { inputs: Table[]; output: Table } {
    switch (node.op) {
      case "source":
        return { inputs: [], output: this.sources(node.table, node) };
      case "datatable":
        return { inputs: [], output: runDatatable(node) };
      case "print":
        return { inputs: [], output: runPrint(node, this) };
      case "range":
        return { inputs: [], output: runRange(node, this) };
      case "where": {
        // A filter runs the filters and extends below it in its own pass, unless a trace wants each one's rows.
        const chain = fusableChain(node, (n) => this.observer !== undefined || this.results.has(n.id));
        const input = this.run(chain[0]!.input, true);
        return { inputs: [input], output: runWhere(chain, input, this, this.prefetch.get(node.id)) };
      }
      case "project": {
        const input = this.run(node.input);
        return { inputs: [input], output: runProject(node, input, this) };
      }
      case "summarize": {
        const inPass = this.summarizeInPass(node);
        if (inPass) return inPass;
        const input = this.run(node.input);
        return { inputs: [input], output: runSummarize(node, input, this) };
      }
      case "join": {
        const left = this.run(node.left);
        const right = this.run(node.right);
        return { inputs: [left, right], output: runJoin(node, left, right, this) };
      }
      case "union": {
        const inputs = node.inputs.map((i) => this.run(i));
        return { inputs, output: runUnion(node, inputs) };
      }
      case "sort": {
        const input = this.run(node.input);
        return { inputs: [input], output: runSort(node, input, this) };
      }
      case "take": {
        // `sort | take N` (untraced, unless the sort's rows are already there) sorts keeping N rows only.
        const below = node.input;
        if (below.op === "sort" && this.observer === undefined && !this.results.has(below.id)) {
          const input = this.run(below.input);
          return { inputs: [input], output: runSort(below, input, this, takeCount(node)) };
        }
        const input = this.run(node.input);
        return { inputs: [input], output: runTake(node, input) };
      }
      case "distinct": {
        const input = this.run(node.input);
        return { inputs: [input], output: runDistinct(node, input, this) };
      }
      case "count": {
        const input = this.run(node.input);
        return { inputs: [input], output: runCount(node, input) };
      }
      case "makeseries": {
        const input = this.run(node.input);
        return { inputs: [input], output: runMakeSeries(node, input, this) };
      }
      case "parse": {
        const input = this.run(node.input);
        return { inputs: [input], output: runParse(node, input, this) };
      }
      case "mvexpand": {
        const input = this.run(node.input);
        return { inputs: [input], output: runMvExpand(node, input, this) };
      }
      case "topnested": {
        const input = this.run(node.input);
        return { inputs: [input], output: runTopNested(node, input, this) };
      }
      case "pivot": {
        const input = this.run(node.input);
        return { inputs: [input], output: runPivot(node, input, this) };
      }
      case "reduce": {
        const input = this.run(node.input);
        return { inputs: [input], output: runReduce(node, input, this) };
      }
      case "bagunpack": {
        const input = this.run(node.input);
        return { inputs: [input], output: runBagUnpack(node, input, this) };
      }
      case "ipv4lookup": {
        const input = this.run(node.input);
        const lookup = this.run(node.right);
        return { inputs: [input, lookup], output: runIpv4Lookup(node, input, lookup, this) };
      }
      case "basket": {
        const input = this.run(node.input);
        return { inputs: [input], output: runBasket(node, input, this) };
      }
      case "sequencedetect": {
        const input = this.run(node.input);
        return { inputs: [input], output: runSequenceDetect(node, input, this) };
      }
      case "mvapply": {
        const input = this.run(node.input);
        return { inputs: [input], output: runMvApply(node, input, this, this.subqueryRunner(node.placeholder)) };
      }
      case "partition": {
        const input = this.run(node.input);
        return { inputs: [input], output: runPartition(node, input, this, this.subqueryRunner(node.placeholder)) };
      }
    }
  }
}
