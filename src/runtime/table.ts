/**
 * Column-oriented tables that share data instead of copying it.
 *
 * A column reads its values by logical row number. Base columns read straight from the caller's row
 * objects through an accessor (no up-front copy: see ../shared/notes/performance.md); computed columns
 * are arrays. A filter, join or sort does not copy values: it gives each column an index vector that maps
 * the new logical rows to the old physical ones (-1 stands for "no row", a null from an outer join).
 * All columns of a table that came from the same source share one index vector object, so composing
 * selections costs one pass per source, not per column.
 */
import { KqlError } from "../errors.js";
import type { ColumnSchema, ScalarType } from "../types.js";
import { POLL_MASK, type ExecutionGuard } from "./guard.js";
import { isBag, type Value } from "./values.js";

export type IndexVector = Int32Array;

/** The null a type reads as: strings have no null, they read as "". */
export function nullOf(type: ScalarType): Value {
  return type === "string" ? "" : null;
}

export abstract class Column {
  constructor(readonly type: ScalarType) {}
  abstract readonly length: number;
  abstract get(row: number): Value;
  /**
   * This column seen through a selection: row i of the result is row `selection[i]` of this column,
   * or null where it is negative. `memo` lets the columns of one table share their composed index.
   */
  abstract select(selection: IndexVector, memo: Map<IndexVector | null, IndexVector>): Column;

  /**
   * A function reading this column by logical row, for compiled expressions: the same values as `get`,
   * specialised per column kind so the per-row read is one closure call, not a chain of method calls.
   */
  reader(): (row: number) => Value {
    return (i) => this.get(i);
  }

  /**
   * For a string column held as one array in logical row order: that array, in which every string entry
   * is that row's value as it is (any other entry must be read through `reader`); undefined for any other
   * column. A loop over a million join keys reads the array in place of two closure calls per row.
   */
  rawStrings(): readonly unknown[] | undefined {
    return undefined;
  }

  /**
   * Every value in logical row order. Operators that consume a whole column (join and group keys,
   * aggregate arguments) read it here in one tight loop instead of a call chain per row through `get`.
   * The loop polls `guard` like every long loop, so a cancelled query stops inside it.
   */
  readAll(guard: ExecutionGuard): readonly Value[] {
    const read = this.reader();
    const n = this.length;
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      if ((i & POLL_MASK) === 0) guard.poll();
      out[i] = read(i);
    }
    return out;
  }
}

function compose(base: IndexVector | null, selection: IndexVector, memo: Map<IndexVector | null, IndexVector>): IndexVector {
  if (base === null) return selection;
  let composed = memo.get(base);
  if (composed === undefined) {
    composed = new Int32Array(selection.length);
    for (let i = 0; i < selection.length; i++) {
      const s = selection[i]!;
      composed[i] = s < 0 ? -1 : base[s]!;
    }
    memo.set(base, composed);
  }
  return composed;
}

/** A value converter for one column of the caller's rows; it receives the raw field and the physical row number. */
export type FieldReader = (raw: unknown, physicalRow: number) => Value;

/**
 * A column read lazily from the caller's row objects. Converted values of types that cost something to
 * read (dynamic parses JSON text) are remembered per physical row in `cache`, which all
 * selections of the column share, so JSON text read by a filter and again by a projection is parsed once.
 */
export class RowObjectColumn extends Column {
  readonly length: number;
  /** Keys such as `constructor` or `toString` would read Object.prototype's members from a plain row. */
  protected readonly inheritedKey: boolean;

  constructor(
    type: ScalarType,
    protected readonly rows: readonly Record<string, unknown>[],
    protected readonly key: string,
    protected readonly read: FieldReader,
    protected readonly index: IndexVector | null,
    protected readonly cache: Map<number, Value> | null = type === "dynamic" ? new Map() : null,
  ) {
    super(type);
    this.length = index ? index.length : rows.length;
    this.inheritedKey = key in Object.prototype;
  }

  private readPhysical(j: number): Value {
    // A Map, not an array: a query often reads a few rows of a million-row table, and a huge holey
    // array would fall back to slow dictionary elements anyway.
    const cache = this.cache;
    if (cache !== null) {
      const hit = cache.get(j);
      if (hit !== undefined) return hit;
    }
    const v = this.read(this.field(j), j);
    if (cache !== null) cache.set(j, v);
    return v;
  }

  /** The caller's field at a physical row, unconverted; own properties only for Object.prototype's names. */
  protected field(j: number): unknown {
    const r = this.rows[j]!;
    return this.inheritedKey && !Object.prototype.hasOwnProperty.call(r, this.key) ? undefined : r[this.key];
  }

  /** The caller's field at a logical row, unconverted (undefined for a missing row or field). */
  rawAt(row: number): unknown {
    const j = this.index === null ? row : this.index[row]!;
    return j < 0 ? undefined : this.field(j);
  }

  /**
   * The caller's rows and the field this column reads, for a per-row closure that reads the field itself
   * instead of calling `rawReader()`'s closure: a call per row and field is much of what a filter costs
   * (about 20 ms per million rows for `ResourceType =~ "VAULTS"`). Undefined under a selection, or where
   * rows might not own the key.
   */
  fieldAccess(): { rows: readonly Record<string, unknown>[]; key: string } | undefined {
    return this.inheritedKey || this.index !== null ? undefined : { rows: this.rows, key: this.key };
  }

  /** `rawAt` as a closure for per-row loops: one call per row instead of a method chain. */
  rawReader(): (row: number) => unknown {
    if (this.inheritedKey) return (i) => this.rawAt(i);
    const { rows, key, index } = this;
    if (index === null) return (i) => rows[i]![key];
    return (i) => {
      const j = index[i]!;
      return j < 0 ? undefined : rows[j]![key];
    };
  }

  get(row: number): Value {
    if (this.index === null) return this.readPhysical(row);
    const j = this.index[row]!;
    return j < 0 ? nullOf(this.type) : this.readPhysical(j);
  }

  select(selection: IndexVector, memo: Map<IndexVector | null, IndexVector>): Column {
    return new RowObjectColumn(this.type, this.rows, this.key, this.read, compose(this.index, selection, memo), this.cache);
  }

  override reader(): (row: number) => Value {
    // Dynamic columns keep parsed values per physical row (readPhysical); the rest read straight through.
    if (this.cache !== null || this.inheritedKey) return super.reader();
    const { rows, key, read, index } = this;
    const missing = nullOf(this.type);
    return (i) => {
      const j = index === null ? i : index[i]!;
      return j < 0 ? missing : read(rows[j]![key], j);
    };
  }
}

/**
 * A string column of the caller's rows: a string field is returned as it is, without a call through the
 * type's reader; only other values (missing, numbers, objects) are converted. Strings are most of what
 * rules read, and this keeps that read a property load and a type check.
 */
export class StringRowObjectColumn extends RowObjectColumn {
  override get(row: number): Value {
    const j = this.index === null ? row : this.index[row]!;
    if (j < 0) return "";
    const raw = this.field(j);
    return typeof raw === "string" ? raw : this.read(raw, j);
  }

  override select(selection: IndexVector, memo: Map<IndexVector | null, IndexVector>): Column {
    return new StringRowObjectColumn(this.type, this.rows, this.key, this.read, compose(this.index, selection, memo), null);
  }

  override reader(): (row: number) => Value {
    if (this.inheritedKey) return super.reader();
    const { rows, key, read, index } = this;
    if (index === null) {
      return (i) => {
        const raw = rows[i]![key];
        return typeof raw === "string" ? raw : read(raw, i);
      };
    }
    return (i) => {
      const j = index[i]!;
      if (j < 0) return "";
      const raw = rows[j]![key];
      return typeof raw === "string" ? raw : read(raw, j);
    };
  }

  /**
   * Collects the raw fields of chosen rows during another operator's pass (a filter's), as a column of
   * its own: only the field reference is loaded from the row, which that pass has at hand, and the text
   * itself is first touched by whoever reads the column. Undefined where rows might not own the key.
   */
  collector(): { take(row: number): void; column(): Column } | undefined {
    if (this.inheritedKey) return undefined;
    const { rows, key, read, index } = this;
    // Sized for every row up front: growing two arrays by push cost more than the reads saved.
    const raws = new Array<unknown>(this.length);
    const physical = new Int32Array(this.length);
    let taken = 0;
    return {
      take: (i) => {
        const j = index === null ? i : index[i]!;
        physical[taken] = j;
        raws[taken++] = j < 0 ? undefined : rows[j]![key];
      },
      column: () => {
        raws.length = taken;
        return new CollectedStringColumn(raws, physical.slice(0, taken), read);
      },
    };
  }

}

/**
 * A string column of raw fields collected from the caller's rows (StringRowObjectColumn.collector), with
 * each field's physical row for the reader: the same values the row column would give.
 */
class CollectedStringColumn extends Column {
  readonly length: number;
  constructor(
    private readonly raws: readonly unknown[],
    private readonly physical: Int32Array,
    private readonly read: FieldReader,
  ) {
    super("string");
    this.length = raws.length;
  }

  private readOne: ((row: number) => Value) | undefined;

  get(row: number): Value {
    return (this.readOne ??= this.reader())(row);
  }

  override reader(): (row: number) => Value {
    const { raws, physical, read } = this;
    return (i) => {
      const raw = raws[i];
      if (typeof raw === "string") return raw;
      const j = i < raws.length ? physical[i]! : -1;
      return j < 0 ? "" : read(raw, j);
    };
  }

  override rawStrings(): readonly unknown[] {
    return this.raws;
  }

  select(selection: IndexVector): Column {
    const raws = new Array<unknown>(selection.length);
    const physical = new Int32Array(selection.length);
    for (let i = 0; i < selection.length; i++) {
      const s = selection[i]!;
      raws[i] = s < 0 ? undefined : this.raws[s];
      physical[i] = s < 0 ? -1 : this.physical[s]!;
    }
    return new CollectedStringColumn(raws, physical, this.read);
  }
}

/** The column for one field of the caller's rows, specialised by type. */
export function rowObjectColumn(type: ScalarType, rows: readonly Record<string, unknown>[], key: string, read: FieldReader): RowObjectColumn {
  return type === "string" ? new StringRowObjectColumn(type, rows, key, read, null, null) : new RowObjectColumn(type, rows, key, read, null);
}

/** A column whose values the engine computed, held in an array. */
export class ArrayColumn extends Column {
  readonly length: number;
  constructor(
    type: ScalarType,
    readonly values: readonly Value[],
    private readonly index: IndexVector | null = null,
  ) {
    super(type);
    this.length = index ? index.length : values.length;
  }

  get(row: number): Value {
    if (this.index === null) return this.values[row] as Value;
    const j = this.index[row]!;
    return j < 0 ? nullOf(this.type) : (this.values[j] as Value);
  }

  select(selection: IndexVector, memo: Map<IndexVector | null, IndexVector>): Column {
    return new ArrayColumn(this.type, this.values, compose(this.index, selection, memo));
  }

  override reader(): (row: number) => Value {
    const { values, index } = this;
    if (index === null) return (i) => values[i] as Value;
    const missing = nullOf(this.type);
    return (i) => {
      const j = index[i]!;
      return j < 0 ? missing : (values[j] as Value);
    };
  }

  override rawStrings(): readonly unknown[] | undefined {
    return this.type === "string" && this.index === null ? this.values : undefined;
  }

  override readAll(guard: ExecutionGuard): readonly Value[] {
    // Without a selection the values already are the column, in order.
    return this.index === null ? this.values : super.readAll(guard);
  }
}

/** One value for every row (print, literals projected as columns, nulls for missing union columns). */
export class ConstantColumn extends Column {
  constructor(
    type: ScalarType,
    readonly value: Value,
    readonly length: number,
  ) {
    super(type);
  }

  get(row: number): Value {
    return row < this.length ? this.value : nullOf(this.type);
  }

  select(selection: IndexVector): Column {
    // A negative index means "no row"; a constant column must then read null, so materialise only then.
    if (selection.some((s) => s < 0)) {
      const values = Array.from(selection, (s) => (s < 0 ? nullOf(this.type) : this.value));
      return new ArrayColumn(this.type, values);
    }
    return new ConstantColumn(this.type, this.value, selection.length);
  }
}

/** Several columns one after another (union). */
export class ConcatColumn extends Column {
  readonly length: number;
  private readonly starts: number[];
  constructor(
    type: ScalarType,
    private readonly parts: readonly Column[],
  ) {
    super(type);
    this.starts = [];
    let n = 0;
    for (const p of parts) {
      this.starts.push(n);
      n += p.length;
    }
    this.length = n;
  }

  get(row: number): Value {
    let k = this.parts.length - 1;
    while (k > 0 && this.starts[k]! > row) k--;
    return this.parts[k]!.get(row - this.starts[k]!);
  }

  select(selection: IndexVector): Column {
    const values = new Array<Value>(selection.length);
    for (let i = 0; i < selection.length; i++) {
      const s = selection[i]!;
      values[i] = s < 0 ? nullOf(this.type) : this.get(s);
    }
    return new ArrayColumn(this.type, values);
  }
}

/** A table: a schema, one column per schema entry, all of the same length. Never mutated, but for `uncheckedRows` being cleared. */
export class Table {
  /**
   * Set on a table of the caller's rows until every row is known to be an object (see checkRows): the
   * first filter over the table checks each row in its own pass, while the row is at hand, and any other
   * reader has the whole table checked before it reads (Executor.run).
   */
  uncheckedRows: { table: string; rows: readonly unknown[] } | undefined = undefined;

  constructor(
    readonly schema: readonly ColumnSchema[],
    readonly columns: readonly Column[],
    readonly length: number,
  ) {}

  static empty(schema: readonly ColumnSchema[]): Table {
    return new Table(
      schema,
      schema.map((c) => new ArrayColumn(c.type, [])),
      0,
    );
  }

  /** The rows `selection` names, in that order (negative entries give all-null rows). */
  select(selection: IndexVector): Table {
    const memo = new Map<IndexVector | null, IndexVector>();
    return new Table(
      this.schema,
      this.columns.map((c) => c.select(selection, memo)),
      selection.length,
    );
  }

  columnIndex(name: string): number {
    return this.schema.findIndex((c) => c.name === name);
  }
}

/** 0..n-1 as an index vector. */
export function identity(n: number): IndexVector {
  const v = new Int32Array(n);
  for (let i = 0; i < n; i++) v[i] = i;
  return v;
}

/** The data error for row `i` (0-based) of the caller's table `table` that is not a plain object. */
export function notAnObject(table: string, i: number): KqlError {
  return new KqlError({ code: "KQL_DATA", message: `table '${table}', row ${i + 1} is not an object` });
}

/** Checks every row of a caller's table that is not checked yet (Table.uncheckedRows). */
export function checkRows(table: Table): void {
  const unchecked = table.uncheckedRows;
  if (unchecked === undefined) return;
  const rows = unchecked.rows;
  // A row must be a plain object (not null, not an array): what isBag tests of a dynamic value.
  for (let i = 0; i < rows.length; i++) if (!isBag(rows[i])) throw notAnObject(unchecked.table, i);
  table.uncheckedRows = undefined;
}
