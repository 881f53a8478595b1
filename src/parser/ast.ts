/**
 * The KQL abstract syntax tree. Every node is a plain object with a `kind` discriminator and the span of
 * source text it came from, so that the binder and runtime can point errors and traces at the query.
 *
 * Scalar and tabular expressions share one `Expression` union because KQL mixes them syntactically
 * (`let x = 1;` and `let T = Table | where ...;`); the binder decides which is which.
 */
import type { Span } from "../errors.js";
import type { ScalarType } from "../types.js";

export type { Span };

interface NodeBase {
  span: Span;
}

// ---------------------------------------------------------------------------------------------------
// Query and statements

export interface QueryText extends NodeBase {
  kind: "Query";
  statements: Statement[];
}

export type Statement = LetStatement | DeclareQueryParametersStatement | ExpressionStatement | SetStatement;

export interface LetStatement extends NodeBase {
  kind: "Let";
  name: string;
  nameSpan: Span;
  value: Expression | FunctionDefinition;
}

/** `let f = (a:string, T:(x:long)) { ... }` and `let v = view () { ... }`. */
export interface FunctionDefinition extends NodeBase {
  kind: "FunctionDefinition";
  params: Parameter[];
  /** The statements of the body; the last one is the result expression. */
  body: Statement[];
  isView: boolean;
}

export interface Parameter extends NodeBase {
  name: string;
  /** A scalar type, or the columns a tabular parameter needs (`T:(x:long)`; `(*)` gives an empty list). */
  type: { kind: "scalar"; type: ScalarType } | { kind: "tabular"; columns: ColumnDeclaration[] };
  defaultValue?: Expression;
}

export interface ColumnDeclaration extends NodeBase {
  name: string;
  type: ScalarType;
}

export interface DeclareQueryParametersStatement extends NodeBase {
  kind: "DeclareQueryParameters";
  params: Parameter[];
}

/** `set querytrace;` and similar request options; parsed and ignored. */
export interface SetStatement extends NodeBase {
  kind: "Set";
  name: string;
  value?: Expression;
}

export interface ExpressionStatement extends NodeBase {
  kind: "ExpressionStatement";
  expression: Expression;
}

// ---------------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | Literal
  | NameReference
  | BinaryExpression
  | InExpression
  | BetweenExpression
  | UnaryExpression
  | CallExpression
  | MemberExpression
  | IndexExpression
  | StarExpression
  | ParenthesizedExpression
  | PipeExpression
  | TabularSource;

/**
 * A literal value. `value` holds the runtime representation for its type (see src/runtime/values.ts):
 * bool -> boolean, int/long/real/decimal -> number, string -> string, datetime/timespan -> bigint ticks,
 * guid -> lower-case string, dynamic -> JSON-like value. `null` is a typed null (`int(null)`).
 */
export interface Literal extends NodeBase {
  kind: "Literal";
  type: ScalarType;
  value: unknown;
}

/** An identifier: a column, a let-bound name, a table, a parameter. `['quoted name']` arrives unquoted. */
export interface NameReference extends NodeBase {
  kind: "Name";
  name: string;
  /** `$left` / `$right` in join conditions arrive as names with this flag. */
  joinSide?: "left" | "right";
}

export type BinaryOperator =
  | "or"
  | "and"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "=~"
  | "!~"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | StringOperator
  | "matches regex";

/** The string predicates, each with its negated and case-sensitive forms as the language spells them. */
export type StringOperator =
  | "has"
  | "!has"
  | "has_cs"
  | "!has_cs"
  | "hasprefix"
  | "!hasprefix"
  | "hasprefix_cs"
  | "!hasprefix_cs"
  | "hassuffix"
  | "!hassuffix"
  | "hassuffix_cs"
  | "!hassuffix_cs"
  | "contains"
  | "!contains"
  | "contains_cs"
  | "!contains_cs"
  | "startswith"
  | "!startswith"
  | "startswith_cs"
  | "!startswith_cs"
  | "endswith"
  | "!endswith"
  | "endswith_cs"
  | "!endswith_cs";

export interface BinaryExpression extends NodeBase {
  kind: "Binary";
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
  /** The span of the operator token, for error messages. */
  operatorSpan: Span;
}

export type InOperator = "in" | "!in" | "in~" | "!in~" | "has_any" | "has_all";

/**
 * `x in (a, b)`, `x !in~ (...)`, `x in (T | project y)`, `x has_any (...)`. A single tabular expression
 * (or a name bound to one) in `values` is a subquery whose first column supplies the values.
 */
export interface InExpression extends NodeBase {
  kind: "In";
  operator: InOperator;
  left: Expression;
  values: Expression[];
  operatorSpan: Span;
}

export interface BetweenExpression extends NodeBase {
  kind: "Between";
  negated: boolean;
  left: Expression;
  low: Expression;
  high: Expression;
}

export interface UnaryExpression extends NodeBase {
  kind: "Unary";
  operator: "-" | "+";
  operand: Expression;
}

export interface NamedArgument extends NodeBase {
  name: string;
  value: Expression;
}

/** `f(a, b)`; `not(x)` is a call too. Named arguments (`_Im_Dns(starttime=ago(1h))`) are kept apart. */
export interface CallExpression extends NodeBase {
  kind: "Call";
  name: string;
  nameSpan: Span;
  args: Expression[];
  namedArgs: NamedArgument[];
}

/** `x.y` (also `x.['y']`). */
export interface MemberExpression extends NodeBase {
  kind: "Member";
  target: Expression;
  member: string;
}

/** `x['k']`, `x[0]`, `x[-1]`. */
export interface IndexExpression extends NodeBase {
  kind: "Index";
  target: Expression;
  index: Expression;
}

/** `*` as an argument (`arg_max(T, *)`, `count(*)`...). */
export interface StarExpression extends NodeBase {
  kind: "Star";
}

export interface ParenthesizedExpression extends NodeBase {
  kind: "Paren";
  expression: Expression;
}

/** `source | operator`; a pipeline is a left-nested chain of these. */
export interface PipeExpression extends NodeBase {
  kind: "Pipe";
  source: Expression;
  operator: QueryOperator;
}

// ---------------------------------------------------------------------------------------------------
// Tabular sources that are not plain names or calls

export type TabularSource = DatatableExpression | PrintExpression | RangeExpression | UnionExpression | ExternalDataExpression | FindOrSearchExpression;

export interface DatatableExpression extends NodeBase {
  kind: "Datatable";
  columns: ColumnDeclaration[];
  values: Expression[];
}

export interface PrintExpression extends NodeBase {
  kind: "Print";
  items: NamedExpression[];
}

export interface RangeExpression extends NodeBase {
  kind: "Range";
  column: string;
  from: Expression;
  to: Expression;
  step: Expression;
}

/** `union T1, T2` at the start of a pipeline (the operator form is UnionOperator). */
export interface UnionExpression extends NodeBase {
  kind: "UnionSource";
  params: OperatorParameter[];
  tables: Expression[];
}

/** `externaldata(cols) [urls] with (...)`: parsed so rules load; the runtime never fetches anything. */
export interface ExternalDataExpression extends NodeBase {
  kind: "ExternalData";
  columns: ColumnDeclaration[];
  urls: Expression[];
  params: OperatorParameter[];
}

/** `find` and `search` are parsed as text-search sources; the binder runs `find ... in (...)`. */
export interface FindOrSearchExpression extends NodeBase {
  kind: "FindOrSearch";
  keyword: "find" | "search";
  params: OperatorParameter[];
  tables: Expression[];
  predicate: Expression;
  /** find's `project` list (columns, optionally typed, and `pack_all()`); absent for `project-smart`. */
  project?: FindProjectItem[];
}

/** One item of find's `project` list: `Name`, `Name:type` or `pack_all()`. */
export type FindProjectItem = { kind: "column"; name: string; type?: ScalarType; span: Span } | { kind: "pack_all"; span: Span };

// ---------------------------------------------------------------------------------------------------
// Query operators (what follows a pipe)

/** `kind=inner`, `isfuzzy=true`, `hint.strategy=shuffle`, `withsource=T`: name and raw value. */
export interface OperatorParameter extends NodeBase {
  name: string;
  value: Expression;
}

/** `expr`, `name = expr`, or `(a, b) = expr`. */
export interface NamedExpression extends NodeBase {
  names?: { name: string; span: Span }[];
  expression: Expression;
}

export interface SortKey extends NodeBase {
  expression: Expression;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}

/** A column name, possibly with `*` wildcards (`project-away Prop*`). */
export interface ColumnPattern extends NodeBase {
  pattern: string;
}

export type QueryOperator =
  | WhereOperator
  | ExtendOperator
  | ProjectOperator
  | ProjectAwayOperator
  | ProjectKeepOperator
  | ProjectRenameOperator
  | ProjectReorderOperator
  | SummarizeOperator
  | JoinOperator
  | LookupOperator
  | UnionOperator
  | SortOperator
  | TakeOperator
  | TopOperator
  | DistinctOperator
  | CountOperator
  | MvExpandOperator
  | MvApplyOperator
  | ParseOperator
  | EvaluateOperator
  | MakeSeriesOperator
  | SerializeOperator
  | AsOperator
  | InvokeOperator
  | RenderOperator
  | GetSchemaOperator
  | SampleOperator
  | TopNestedOperator
  | SearchOperator
  | ProjectByNamesOperator
  | ReduceOperator
  | PartitionOperator;

interface OperatorBase extends NodeBase {
  /** The operator keyword's span (`where`, `summarize`), for traces and errors. */
  keywordSpan: Span;
}

/** `where` (also spelled `filter`). */
export interface WhereOperator extends OperatorBase {
  kind: "Where";
  predicate: Expression;
}

export interface ExtendOperator extends OperatorBase {
  kind: "Extend";
  items: NamedExpression[];
}

export interface ProjectOperator extends OperatorBase {
  kind: "Project";
  items: NamedExpression[];
}

export interface ProjectAwayOperator extends OperatorBase {
  kind: "ProjectAway";
  columns: ColumnPattern[];
}

export interface ProjectKeepOperator extends OperatorBase {
  kind: "ProjectKeep";
  columns: ColumnPattern[];
}

/**
 * `project-by-names "Name", "C*", dynamic(["A", "B"]), column_names_of(T)`: constant column specifiers
 * (names, wildcard patterns, arrays of them), resolved against the input schema by the binder.
 */
export interface ProjectByNamesOperator extends OperatorBase {
  kind: "ProjectByNames";
  specifiers: Expression[];
}

/** `partition [hint.x=...] by Column ( subquery )`: the subquery runs over each partition's rows. */
export interface PartitionOperator extends OperatorBase {
  kind: "Partition";
  params: OperatorParameter[];
  column: string;
  columnSpan: Span;
  /** Operators applied to each partition: a pipe chain over the empty name (the partition's rows). */
  subquery: Expression;
}

/** `reduce [kind=source] by Expr [with threshold=0.1, characters="..."]`. */
export interface ReduceOperator extends OperatorBase {
  kind: "Reduce";
  params: OperatorParameter[];
  by: Expression;
  options: OperatorParameter[];
}

export interface ProjectRenameOperator extends OperatorBase {
  kind: "ProjectRename";
  renames: { newName: string; oldName: string; span: Span }[];
}

export interface ProjectReorderOperator extends OperatorBase {
  kind: "ProjectReorder";
  columns: { pattern: string; order?: "asc" | "desc" | "granny-asc" | "granny-desc"; span: Span }[];
}

export interface SummarizeOperator extends OperatorBase {
  kind: "Summarize";
  params: OperatorParameter[];
  aggregates: NamedExpression[];
  by: NamedExpression[];
}

export type JoinKind =
  | "innerunique"
  | "inner"
  | "leftouter"
  | "rightouter"
  | "fullouter"
  | "leftsemi"
  | "rightsemi"
  | "leftanti"
  | "rightanti";

/** `on Col` (same name both sides) or `on $left.a == $right.b`. */
export type JoinCondition =
  | ({ kind: "SameName"; name: string } & NodeBase)
  | ({ kind: "Equality"; left: Expression; right: Expression } & NodeBase);

export interface JoinOperator extends OperatorBase {
  kind: "Join";
  /** The kind as written, normalised (`anti` -> `leftanti`, `semi` -> `leftsemi`, ...); innerunique when omitted. */
  joinKind: JoinKind;
  params: OperatorParameter[];
  right: Expression;
  on: JoinCondition[];
}

export interface LookupOperator extends OperatorBase {
  kind: "Lookup";
  joinKind: "leftouter" | "inner";
  params: OperatorParameter[];
  right: Expression;
  on: JoinCondition[];
}

export interface UnionOperator extends OperatorBase {
  kind: "Union";
  params: OperatorParameter[];
  tables: Expression[];
}

/** `sort by` and `order by`. */
export interface SortOperator extends OperatorBase {
  kind: "Sort";
  keys: SortKey[];
}

/** `take` and `limit`. */
export interface TakeOperator extends OperatorBase {
  kind: "Take";
  count: Expression;
}

export interface TopOperator extends OperatorBase {
  kind: "Top";
  count: Expression;
  key: SortKey;
}

/** `distinct a, b` or `distinct *`. */
export interface DistinctOperator extends OperatorBase {
  kind: "Distinct";
  columns: Expression[];
}

export interface CountOperator extends OperatorBase {
  kind: "Count";
}

export interface MvExpandItem extends NodeBase {
  name?: string;
  expression: Expression;
  toType?: ScalarType;
}

/** `mv-expand` and `mvexpand`. */
export interface MvExpandOperator extends OperatorBase {
  kind: "MvExpand";
  params: OperatorParameter[];
  items: MvExpandItem[];
  limit?: Expression;
}

export interface MvApplyOperator extends OperatorBase {
  kind: "MvApply";
  params: OperatorParameter[];
  items: MvExpandItem[];
  limit?: Expression;
  /** The subquery after `on (...)`, applied to each row's expansion. */
  subquery: Expression;
}

/** One element of a `parse` pattern: a string literal to match, or a column to extract (with a type). */
export type ParsePatternPart =
  | ({ kind: "Text"; text: string } & NodeBase)
  | ({ kind: "Column"; name: string; type?: ScalarType } & NodeBase)
  | ({ kind: "Star" } & NodeBase);

export interface ParseOperator extends OperatorBase {
  kind: "Parse";
  /** `simple` (default), `regex`, `relaxed`. */
  parseKind: "simple" | "regex" | "relaxed";
  /** Regex flags from `flags=Ui`. */
  flags?: string;
  source: Expression;
  pattern: ParsePatternPart[];
  /** `parse-where`: rows whose text does not match the pattern are dropped (plain `parse` keeps them with nulls). */
  where?: boolean;
}

export interface EvaluateOperator extends OperatorBase {
  kind: "Evaluate";
  params: OperatorParameter[];
  plugin: CallExpression;
  /** `: (*, a:string, ...)` after the plugin call: its declared output columns (`*` keeps the input's). */
  schemaHint?: { star: boolean; columns: ColumnDeclaration[] };
}

export interface MakeSeriesOperator extends OperatorBase {
  kind: "MakeSeries";
  params: OperatorParameter[];
  aggregates: (NamedExpression & { defaultValue?: Expression })[];
  on: Expression;
  /** `from a to b step s` or `in range(a, b, s)`; `from`/`to` may be absent. */
  from?: Expression;
  to?: Expression;
  step: Expression;
  by: NamedExpression[];
}

export interface SerializeOperator extends OperatorBase {
  kind: "Serialize";
  items: NamedExpression[];
}

export interface AsOperator extends OperatorBase {
  kind: "As";
  params: OperatorParameter[];
  name: string;
}

export interface InvokeOperator extends OperatorBase {
  kind: "Invoke";
  call: CallExpression;
}

/** `render` only draws charts; the engine passes rows through. */
export interface RenderOperator extends OperatorBase {
  kind: "Render";
  visualization: string;
}

export interface GetSchemaOperator extends OperatorBase {
  kind: "GetSchema";
}

export interface SampleOperator extends OperatorBase {
  kind: "Sample";
  count: Expression;
}

export interface TopNestedOperator extends OperatorBase {
  kind: "TopNested";
  /** Kept as raw clauses until the operator is implemented. */
  clauses: { count?: Expression; of: NamedExpression; by: NamedExpression; direction?: "asc" | "desc"; withOthers?: Expression }[];
}

/** `| search "x"` / `| search Col has "x"`. */
export interface SearchOperator extends OperatorBase {
  kind: "Search";
  params: OperatorParameter[];
  predicate: Expression;
}
