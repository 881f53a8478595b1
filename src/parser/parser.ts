/**
 * The KQL grammar: a Chevrotain EmbeddedActionsParser that builds the AST of ./ast.ts directly.
 *
 * Every node-building step sits in ACTION (Chevrotain runs each rule once without input to record the
 * grammar). Spans come from the token stream: a rule notes LA(1).startOffset when it starts and ends at
 * the last consumed token (LA(0)).
 */
import { EmbeddedActionsParser, EOF, tokenMatcher, type IOrAlt, type IParserErrorMessageProvider, type IToken, type OrMethodOpts, type TokenType } from "./chevrotain.js";
import { KqlError } from "../errors.js";
import { scalarTypeFromName, type ScalarType } from "../types.js";
import { newBag } from "../runtime/values.js";
import type * as A from "./ast.js";
import {
  allTokens,
  Colon,
  Comma,
  CompareOp,
  Dot,
  DotDot,
  Equals,
  EqEq,
  HexLiteral,
  Ident,
  InOp,
  IntLiteral,
  kw,
  LBrace,
  LBracket,
  LeftRef,
  LParen,
  Minus,
  NotBetween,
  Percent,
  Pipe,
  Plus,
  RBrace,
  RBracket,
  RealLiteral,
  RightRef,
  RParen,
  Semi,
  Slash,
  Star,
  Str,
  StringOp,
  TimespanLiteral,
  TypedLiteral,
} from "./lexer.js";
import { decodeInteger, decodeReal, decodeStringToken, decodeTimespanToken, decodeTypedLiteral, LiteralError, typedLiteralToDynamic } from "./literals.js";

type Span = A.Span;

const K = {
  let: kw("let"),
  declare: kw("declare"),
  query_parameters: kw("query_parameters"),
  set: kw("set"),
  view: kw("view"),
  and: kw("and"),
  or: kw("or"),
  true: kw("true"),
  false: kw("false"),
  between: kw("between"),
  in: kw("in"),
  where: kw("where"),
  filter: kw("filter"),
  extend: kw("extend"),
  project: kw("project"),
  projectAway: kw("project-away"),
  projectKeep: kw("project-keep"),
  projectRename: kw("project-rename"),
  projectReorder: kw("project-reorder"),
  projectByNames: kw("project-by-names"),
  projectSmart: kw("project-smart"),
  reduce: kw("reduce"),
  summarize: kw("summarize"),
  join: kw("join"),
  lookup: kw("lookup"),
  union: kw("union"),
  sort: kw("sort"),
  order: kw("order"),
  take: kw("take"),
  limit: kw("limit"),
  top: kw("top"),
  topNested: kw("top-nested"),
  distinct: kw("distinct"),
  count: kw("count"),
  mvExpand: kw("mv-expand"),
  mvexpand: kw("mvexpand"),
  mvApply: kw("mv-apply"),
  mvapply: kw("mvapply"),
  parse: kw("parse"),
  parseWhere: kw("parse-where"),
  evaluate: kw("evaluate"),
  makeSeries: kw("make-series"),
  serialize: kw("serialize"),
  as: kw("as"),
  invoke: kw("invoke"),
  render: kw("render"),
  getschema: kw("getschema"),
  sample: kw("sample"),
  search: kw("search"),
  find: kw("find"),
  range: kw("range"),
  print: kw("print"),
  datatable: kw("datatable"),
  externaldata: kw("externaldata"),
  external_data: kw("external_data"),
  by: kw("by"),
  on: kw("on"),
  with: kw("with"),
  to: kw("to"),
  from: kw("from"),
  step: kw("step"),
  of: kw("of"),
  asc: kw("asc"),
  desc: kw("desc"),
  nulls: kw("nulls"),
  first: kw("first"),
  last: kw("last"),
  typeof: kw("typeof"),
  dynamic: kw("dynamic"),
  matches: kw("matches"),
  regex: kw("regex"),
  others: kw("others"),
  partition: kw("partition"),
};

// ---------------------------------------------------------------------------------------------------
// Error messages in Kusto's style

function label(t: TokenType): string {
  return t.LABEL ?? `'${t.name}'`;
}

function found(tok: IToken): string {
  return tok.tokenType === EOF ? "end of query" : `'${tok.image}'`;
}

function firstTokens(paths: TokenType[][][] | TokenType[][]): string {
  const seen = new Set<string>();
  const visit = (p: unknown): void => {
    if (!Array.isArray(p)) return;
    if (p.length > 0 && !Array.isArray(p[0])) {
      const t = p[0] as TokenType;
      seen.add(label(t));
      return;
    }
    for (const q of p) visit(q);
  };
  visit(paths);
  const list = [...seen];
  if (list.length === 0) return "";
  if (list.length > 6) return `${list.slice(0, 6).join(", ")}, ...`;
  return list.join(", ");
}

const RULE_WHAT: Record<string, string> = {
  primary: "an expression",
  operator: "a query operator",
  nameToken: "a name",
  jsonValue: "a dynamic value",
  paramType: "a type",
  tableRef: "a table",
};

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (actual.tokenType === EOF) return `unexpected end of query, expected ${label(expected)}`;
    return `expected ${label(expected)} but found ${found(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${found(firstRedundant)}, expected ';' or '|'`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const tok = actual[0]!;
    const what = RULE_WHAT[ruleName] ?? firstTokens(expectedPathsPerAlt);
    if (tok.tokenType === EOF) return `unexpected end of query, expected ${what}`;
    return `expected ${what} but found ${found(tok)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const tok = actual[0]!;
    const what = RULE_WHAT[ruleName] ?? firstTokens(expectedIterationPaths);
    if (tok.tokenType === EOF) return `unexpected end of query, expected ${what}`;
    return `expected ${what} but found ${found(tok)}`;
  },
};

// ---------------------------------------------------------------------------------------------------

const STRING_OP_ALIASES: Record<string, A.StringOperator> = {
  containscs: "contains_cs",
  "!containscs": "!contains_cs",
  notcontains: "!contains",
  notcontainscs: "!contains_cs",
};

const JOIN_KINDS: Record<string, A.JoinKind> = {
  innerunique: "innerunique",
  inner: "inner",
  leftouter: "leftouter",
  rightouter: "rightouter",
  fullouter: "fullouter",
  outer: "fullouter",
  leftsemi: "leftsemi",
  semi: "leftsemi",
  rightsemi: "rightsemi",
  leftanti: "leftanti",
  anti: "leftanti",
  leftantisemi: "leftanti",
  rightanti: "rightanti",
  rightantisemi: "rightanti",
};

const DATETIME_NOW = /^datetime\s*\(\s*now\s*\)$/;

const MV_PARAMS = ["kind", "bagexpansion", "with_itemindex"];
const UNION_PARAMS = ["kind", "withsource", "isfuzzy"];

function isIdent(tok: IToken): boolean {
  return tokenMatcher(tok, Ident);
}

export class KqlParser extends EmbeddedActionsParser {
  /** The text being parsed, for error positions. */
  source = "";

  /**
   * `validate` runs Chevrotain's grammar checks (ambiguities, left recursion); they cost start-up time and
   * only matter when the grammar changes, so the shared instance skips them and a test runs them.
   */
  constructor(options: { validate?: boolean } = {}) {
    super(allTokens, { maxLookahead: 1, recoveryEnabled: false, errorMessageProvider: messages, skipValidations: !options.validate });
    this.performSelfAnalysis();
  }

  /**
   * The alternatives of the `OR`s run for every name, literal, expression and operator, made once per parser
   * instead of once per call: Chevrotain takes them as a fresh array of objects and closures on each call
   * (30 of each for `operator`), which was most of what a warm parse allocated. Only alternatives that read
   * nothing but `this` and their own locals can be kept (one that captures a rule's local would see the
   * first call's); each field is filled on first use (Chevrotain's grammar recording, in the constructor).
   */
  private operatorAlternatives?: IOrAlt<A.QueryOperator>[];
  private pipeSourceAlternatives?: OrMethodOpts<A.Expression>;
  private primaryAlternatives?: OrMethodOpts<A.Expression>;
  private literalAlternatives?: IOrAlt<A.Literal>[];
  private nameTokenAlternatives?: IOrAlt<{ name: string; span: Span }>[];
  private tableRefAlternatives?: OrMethodOpts<A.Expression>;

  // -------------------------------------------------------------------------------------------------
  // helpers (called inside ACTION or GATE only)

  private startOf(): number {
    return this.LA(1).startOffset;
  }

  private spanFrom(start: number): Span {
    const last = this.LA(0);
    const end = last && last.tokenType !== EOF ? last.startOffset + last.image.length : start;
    return { start, end: Math.max(start, end) };
  }

  private tokSpan(tok: IToken): Span {
    return { start: tok.startOffset, end: tok.startOffset + tok.image.length };
  }

  private fail(message: string, span: Span): never {
    throw new KqlError({ code: "KQL_SYNTAX", message, source: this.source, span });
  }

  private typeOf(tok: IToken): ScalarType {
    const t = scalarTypeFromName(tok.image);
    if (!t) this.fail(`unknown type '${tok.image}'`, this.tokSpan(tok));
    return t;
  }

  private literalOf(fn: () => { type: ScalarType; value: unknown }, span: Span): A.Literal {
    try {
      const { type, value } = fn();
      return { kind: "Literal", type, value, span };
    } catch (e) {
      if (e instanceof LiteralError) this.fail(e.message, span);
      throw e;
    }
  }

  private la(n: number): TokenType {
    return this.LA(n).tokenType;
  }

  private isParamStart(names: string[]): boolean {
    const t = this.LA(1);
    if (!isIdent(t)) return false;
    if (t.image === "hint" && this.la(2) === Dot) return true;
    return this.la(2) === Equals && names.includes(t.image);
  }

  private isFunctionDefStart(): boolean {
    if (this.la(1) !== LParen) return false;
    if (this.la(2) === RParen) return this.la(3) === LBrace;
    return (isIdent(this.LA(2)) || this.la(2) === LBracket) && this.la(3) === Colon;
  }

  private isNamedStart(): boolean {
    if (isIdent(this.LA(1))) return this.la(2) === Equals;
    return this.la(1) === LBracket && tokenMatcher(this.LA(2), Str) && this.la(3) === RBracket && this.la(4) === Equals;
  }

  private adjacent(): boolean {
    const prev = this.LA(0);
    return prev.startOffset + prev.image.length === this.LA(1).startOffset;
  }

  // -------------------------------------------------------------------------------------------------
  // statements

  query = this.RULE("query", (): A.QueryText => {
    const statements = this.SUBRULE(this.statementList);
    return this.ACTION(() => ({ kind: "Query" as const, statements, span: { start: 0, end: this.source.length } }));
  });

  statementList = this.RULE("statementList", (): A.Statement[] => {
    const out: A.Statement[] = [];
    this.MANY(() => this.CONSUME(Semi));
    this.OPTION(() => {
      out.push(this.SUBRULE(this.statement));
      this.MANY2(() => {
        this.CONSUME2(Semi);
        this.OPTION2(() => out.push(this.SUBRULE2(this.statement)));
      });
    });
    return out;
  });

  statement = this.RULE("statement", (): A.Statement =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.la(1) === K.let && this.la(2) !== Equals, ALT: () => this.SUBRULE(this.letStatement) },
        { GATE: () => this.la(2) === K.query_parameters, ALT: () => this.SUBRULE(this.declareStatement) },
        { GATE: () => isIdent(this.LA(2)), ALT: () => this.SUBRULE(this.setStatement) },
        {
          ALT: () => {
            const start = this.ACTION(() => this.startOf());
            const expression = this.SUBRULE(this.pipeExpr);
            return this.ACTION(() => ({ kind: "ExpressionStatement" as const, expression, span: this.spanFrom(start) }));
          },
        },
      ],
    }),
  );

  letStatement = this.RULE("letStatement", (): A.LetStatement => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.let);
    const n = this.SUBRULE(this.nameToken);
    this.CONSUME(Equals);
    const value = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.isFunctionDefStart(), ALT: () => this.SUBRULE(this.functionDef) },
        { GATE: () => this.la(1) === K.view && this.la(2) === LParen, ALT: () => this.SUBRULE(this.viewDef) },
        { ALT: () => this.SUBRULE(this.pipeExpr) },
      ],
    });
    return this.ACTION(() => ({ kind: "Let" as const, name: n.name, nameSpan: n.span, value, span: this.spanFrom(start) }));
  });

  functionDef = this.RULE("functionDef", (): A.FunctionDefinition => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(LParen);
    const params = this.SUBRULE(this.paramList);
    this.CONSUME(RParen);
    const body = this.SUBRULE(this.body);
    return this.ACTION(() => ({ kind: "FunctionDefinition" as const, params, body, isView: false, span: this.spanFrom(start) }));
  });

  viewDef = this.RULE("viewDef", (): A.FunctionDefinition => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.view);
    this.CONSUME(LParen);
    const params = this.SUBRULE(this.paramList);
    this.CONSUME(RParen);
    const body = this.SUBRULE(this.body);
    return this.ACTION(() => ({ kind: "FunctionDefinition" as const, params, body, isView: true, span: this.spanFrom(start) }));
  });

  body = this.RULE("body", (): A.Statement[] => {
    this.CONSUME(LBrace);
    const stmts = this.SUBRULE(this.statementList);
    this.CONSUME(RBrace);
    return stmts;
  });

  paramList = this.RULE("paramList", (): A.Parameter[] => {
    const out: A.Parameter[] = [];
    this.MANY_SEP({ SEP: Comma, DEF: () => out.push(this.SUBRULE(this.param)) });
    return out;
  });

  param = this.RULE("param", (): A.Parameter => {
    const start = this.ACTION(() => this.startOf());
    const n = this.SUBRULE(this.nameToken);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.paramType);
    let defaultValue: A.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(Equals);
      defaultValue = this.SUBRULE(this.orExpr);
    });
    return this.ACTION(() => {
      const p: A.Parameter = { name: n.name, type, span: this.spanFrom(start) };
      if (defaultValue) p.defaultValue = defaultValue;
      return p;
    });
  });

  paramType = this.RULE("paramType", (): A.Parameter["type"] =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          const columns: A.ColumnDeclaration[] = [];
          this.MANY_SEP({
            SEP: Comma,
            DEF: () =>
              this.OR2([
                { ALT: () => this.CONSUME(Star) },
                { ALT: () => columns.push(this.SUBRULE(this.columnDecl)) },
              ]),
          });
          this.CONSUME(RParen);
          return { kind: "tabular" as const, columns };
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(Ident);
          return this.ACTION(() => ({ kind: "scalar" as const, type: this.typeOf(t) }));
        },
      },
    ]),
  );

  columnDecl = this.RULE("columnDecl", (): A.ColumnDeclaration => {
    const start = this.ACTION(() => this.startOf());
    const n = this.SUBRULE(this.nameToken);
    this.CONSUME(Colon);
    const t = this.CONSUME(Ident);
    return this.ACTION(() => ({ name: n.name, type: this.typeOf(t), span: this.spanFrom(start) }));
  });

  columnDecls = this.RULE("columnDecls", (): A.ColumnDeclaration[] => {
    const out: A.ColumnDeclaration[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => out.push(this.SUBRULE(this.columnDecl)) });
    this.CONSUME(RParen);
    return out;
  });

  declareStatement = this.RULE("declareStatement", (): A.DeclareQueryParametersStatement => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.declare);
    this.CONSUME(K.query_parameters);
    this.CONSUME(LParen);
    const params = this.SUBRULE(this.paramList);
    this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: "DeclareQueryParameters" as const, params, span: this.spanFrom(start) }));
  });

  setStatement = this.RULE("setStatement", (): A.SetStatement => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.set);
    const n = this.CONSUME(Ident);
    let value: A.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(Equals);
      value = this.SUBRULE(this.orExpr);
    });
    return this.ACTION(() => {
      const s: A.SetStatement = { kind: "Set", name: n.image, span: this.spanFrom(start) };
      if (value) s.value = value;
      return s;
    });
  });

  // -------------------------------------------------------------------------------------------------
  // names

  nameToken = this.RULE("nameToken", (): { name: string; span: Span } =>
    this.OR((this.nameTokenAlternatives ??= [
      {
        ALT: () => {
          const t = this.CONSUME(Ident);
          return this.ACTION(() => ({ name: t.image, span: this.tokSpan(t) }));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(LBracket);
          const s = this.CONSUME(Str);
          const close = this.CONSUME(RBracket);
          return this.ACTION(() => ({ name: decodeStringToken(s.image), span: { start: open.startOffset, end: close.startOffset + 1 } }));
        },
      },
    ])),
  );

  /** A column or table name that may hold `*` wildcards: `Prop*`, `*_s`, `Security*`. */
  namePattern = this.RULE("namePattern", (): { name: string; span: Span } => {
    const start = this.ACTION(() => this.startOf());
    let text = "";
    const part = (): void => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Star);
            this.ACTION(() => (text += "*"));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(IntLiteral);
            this.ACTION(() => (text += t.image));
          },
        },
        {
          ALT: () => {
            const n = this.SUBRULE(this.nameToken);
            this.ACTION(() => (text += n.name));
          },
        },
      ]);
    };
    part();
    this.MANY({
      GATE: () => this.adjacent() && (isIdent(this.LA(1)) || this.la(1) === Star || this.la(1) === IntLiteral),
      DEF: () => {
        this.OR2([
          {
            ALT: () => {
              const t = this.CONSUME2(Ident);
              this.ACTION(() => (text += t.image));
            },
          },
          {
            ALT: () => {
              this.CONSUME2(Star);
              this.ACTION(() => (text += "*"));
            },
          },
          {
            ALT: () => {
              const t = this.CONSUME2(IntLiteral);
              this.ACTION(() => (text += t.image));
            },
          },
        ]);
      },
    });
    return this.ACTION(() => ({ name: text, span: this.spanFrom(start) }));
  });

  // -------------------------------------------------------------------------------------------------
  // pipelines and tabular sources

  pipeExpr = this.RULE("pipeExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    let src: A.Expression = this.OR((this.pipeSourceAlternatives ??= {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.la(2) === LParen || this.la(2) === K.with, ALT: () => this.SUBRULE(this.datatableSource) },
        { ALT: () => this.SUBRULE(this.printSource) },
        { GATE: () => this.la(1) === K.range && this.la(3) === K.from, ALT: () => this.SUBRULE(this.rangeSource) },
        { GATE: () => this.la(1) === K.union && this.la(2) !== Equals, ALT: () => this.SUBRULE(this.unionSource) },
        { GATE: () => this.la(2) === LParen || this.la(2) === K.with, ALT: () => this.SUBRULE(this.externalDataSource) },
        {
          GATE: () => (this.la(1) === K.find || this.la(1) === K.search) && this.la(2) !== Equals && this.la(2) !== LParen,
          ALT: () => this.SUBRULE(this.findOrSearchSource),
        },
        {
          GATE: () => this.la(1) === K.evaluate && isIdent(this.LA(2)),
          ALT: () => {
            const op = this.SUBRULE(this.evaluateOp);
            return this.ACTION((): A.Expression => {
              const s = op.keywordSpan;
              const source: A.NameReference = { kind: "Name", name: "", span: { start: s.start, end: s.start } };
              return { kind: "Pipe", source, operator: op, span: op.span };
            });
          },
        },
        { ALT: () => this.SUBRULE(this.orExpr) },
      ],
    }));
    this.MANY(() => {
      this.CONSUME(Pipe);
      const op = this.SUBRULE(this.operator);
      this.ACTION(() => {
        src = { kind: "Pipe", source: src, operator: op, span: this.spanFrom(start) };
      });
    });
    return src;
  });

  datatableSource = this.RULE("datatableSource", (): A.DatatableExpression => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.datatable);
    this.OPTION(() => this.SUBRULE(this.withOptions));
    const columns = this.SUBRULE(this.columnDecls);
    this.CONSUME(LBracket);
    const values = this.SUBRULE(this.exprListTrailing);
    this.CONSUME(RBracket);
    return this.ACTION(() => ({ kind: "Datatable" as const, columns, values, span: this.spanFrom(start) }));
  });

  /** Comma-separated expressions, a trailing comma allowed (datatable rows, externaldata urls). */
  exprListTrailing = this.RULE("exprListTrailing", (): A.Expression[] => {
    const out: A.Expression[] = [];
    this.OPTION(() => {
      out.push(this.SUBRULE(this.orExpr));
      this.MANY(() => {
        this.CONSUME(Comma);
        this.OPTION2(() => out.push(this.SUBRULE2(this.orExpr)));
      });
    });
    return out;
  });

  /** `with (name = value, ...)` on datatable / externaldata / render. */
  withOptions = this.RULE("withOptions", (): A.OperatorParameter[] => {
    const out: A.OperatorParameter[] = [];
    this.CONSUME(K.with);
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const start = this.ACTION(() => this.startOf());
        const n = this.SUBRULE(this.nameToken);
        let value: A.Expression | undefined;
        this.OPTION(() => {
          this.CONSUME(Equals);
          value = this.SUBRULE(this.orExpr);
        });
        this.ACTION(() => {
          const span = this.spanFrom(start);
          out.push({ name: n.name, value: value ?? { kind: "Literal", type: "bool", value: true, span: n.span }, span });
        });
      },
    });
    this.CONSUME(RParen);
    return out;
  });

  printSource = this.RULE("printSource", (): A.PrintExpression => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.print);
    const items = this.SUBRULE(this.namedExprList);
    return this.ACTION(() => ({ kind: "Print" as const, items, span: this.spanFrom(start) }));
  });

  rangeSource = this.RULE("rangeSource", (): A.RangeExpression => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.range);
    const column = this.SUBRULE(this.nameToken);
    this.CONSUME(K.from);
    const from = this.SUBRULE(this.orExpr);
    this.CONSUME(K.to);
    const to = this.SUBRULE2(this.orExpr);
    this.CONSUME(K.step);
    const step = this.SUBRULE3(this.orExpr);
    return this.ACTION(() => ({ kind: "Range" as const, column: column.name, from, to, step, span: this.spanFrom(start) }));
  });

  unionSource = this.RULE("unionSource", (): A.UnionExpression => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.union);
    const params = this.SUBRULE(this.opParams, { ARGS: [UNION_PARAMS] });
    const tables = this.SUBRULE(this.tableRefList);
    return this.ACTION(() => ({ kind: "UnionSource" as const, params, tables, span: this.spanFrom(start) }));
  });

  tableRefList = this.RULE("tableRefList", (): A.Expression[] => {
    const out: A.Expression[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => out.push(this.SUBRULE(this.tableRef)) });
    return out;
  });

  tableRef = this.RULE("tableRef", (): A.Expression =>
    this.OR((this.tableRefAlternatives ??= {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { GATE: () => isIdent(this.LA(1)) && this.la(2) === LParen, ALT: () => this.SUBRULE(this.postfixExpr) },
        {
          ALT: () => {
            const n = this.SUBRULE(this.namePattern);
            return this.ACTION((): A.Expression => ({ kind: "Name", name: n.name, span: n.span }));
          },
        },
      ],
    })),
  );

  externalDataSource = this.RULE("externalDataSource", (): A.ExternalDataExpression => {
    const start = this.ACTION(() => this.startOf());
    this.OR([{ ALT: () => this.CONSUME(K.externaldata) }, { ALT: () => this.CONSUME(K.external_data) }]);
    let params: A.OperatorParameter[] = [];
    this.OPTION(() => (params = this.SUBRULE(this.withOptions)));
    const columns = this.SUBRULE(this.columnDecls);
    this.CONSUME(LBracket);
    const urls = this.SUBRULE(this.exprListTrailing);
    this.CONSUME(RBracket);
    this.OPTION2(() => {
      const more = this.SUBRULE2(this.withOptions);
      this.ACTION(() => (params = [...params, ...more]));
    });
    return this.ACTION(() => ({ kind: "ExternalData" as const, columns, urls, params, span: this.spanFrom(start) }));
  });

  findOrSearchSource = this.RULE("findOrSearchSource", (): A.FindOrSearchExpression => {
    const start = this.ACTION(() => this.startOf());
    const kwTok = this.OR([{ ALT: () => this.CONSUME(K.find) }, { ALT: () => this.CONSUME(K.search) }]);
    const params = this.SUBRULE(this.opParams, { ARGS: [["kind", "withsource", "datascope"]] });
    let tables: A.Expression[] = [];
    this.OPTION(() => {
      this.CONSUME(K.in);
      this.CONSUME(LParen);
      tables = this.SUBRULE(this.tableRefList);
      this.CONSUME(RParen);
    });
    this.OPTION2(() => this.CONSUME(K.where));
    const predicate = this.SUBRULE(this.orExpr);
    let project: A.FindProjectItem[] | undefined;
    this.OPTION3(() =>
      this.OR2([
        { ALT: () => this.CONSUME(K.projectSmart) },
        {
          ALT: () => {
            this.CONSUME(K.project);
            const items: A.FindProjectItem[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.findProjectItem)) });
            project = items;
          },
        },
      ]),
    );
    return this.ACTION(() => ({
      kind: "FindOrSearch" as const,
      keyword: kwTok.image === "find" ? ("find" as const) : ("search" as const),
      params,
      tables,
      predicate,
      ...(project ? { project } : {}),
      span: this.spanFrom(start),
    }));
  });

  /** `Name`, `Name:type` or `pack_all()` in find's project list. */
  findProjectItem = this.RULE("findProjectItem", (): A.FindProjectItem => {
    const start = this.ACTION(() => this.startOf());
    const n = this.SUBRULE(this.nameToken);
    let type: ScalarType | undefined;
    let packAll = false;
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Colon);
            const t = this.CONSUME(Ident);
            this.ACTION(() => (type = this.typeOf(t)));
          },
        },
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.CONSUME(RParen);
            packAll = true;
          },
        },
      ]),
    );
    return this.ACTION((): A.FindProjectItem => {
      const span = this.spanFrom(start);
      if (packAll) {
        if (n.name !== "pack_all") this.fail(`find's project list takes columns and pack_all(), not '${n.name}()'`, span);
        return { kind: "pack_all", span };
      }
      return { kind: "column", name: n.name, ...(type ? { type } : {}), span };
    });
  });

  // -------------------------------------------------------------------------------------------------
  // operator parameters: `kind=inner`, `hint.strategy=shuffle`, `withsource=T`

  opParams = this.RULE("opParams", (names: string[]): A.OperatorParameter[] => {
    const out: A.OperatorParameter[] = [];
    this.MANY({
      GATE: () => this.isParamStart(names),
      DEF: () => {
        const start = this.ACTION(() => this.startOf());
        const first = this.CONSUME(Ident);
        let name = "";
        this.ACTION(() => (name = first.image));
        this.MANY2(() => {
          this.CONSUME(Dot);
          const part = this.CONSUME2(Ident);
          this.ACTION(() => (name += "." + part.image));
        });
        this.CONSUME(Equals);
        const value = this.SUBRULE(this.paramValue);
        this.ACTION(() => out.push({ name, value, span: this.spanFrom(start) }));
      },
    });
    return out;
  });

  paramValue = this.RULE("paramValue", (): A.Expression =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(Ident);
          return this.ACTION((): A.Expression => ({ kind: "Name", name: t.image, span: this.tokSpan(t) }));
        },
      },
      { ALT: () => this.SUBRULE(this.literal) },
    ]),
  );

  // -------------------------------------------------------------------------------------------------
  // operators

  operator = this.RULE("operator", (): A.QueryOperator =>
    this.OR((this.operatorAlternatives ??= [
      { ALT: () => this.SUBRULE(this.whereOp) },
      { ALT: () => this.SUBRULE(this.extendOp) },
      { ALT: () => this.SUBRULE(this.projectOp) },
      { ALT: () => this.SUBRULE(this.projectAwayKeepOp) },
      { ALT: () => this.SUBRULE(this.projectRenameOp) },
      { ALT: () => this.SUBRULE(this.projectReorderOp) },
      { ALT: () => this.SUBRULE(this.summarizeOp) },
      { ALT: () => this.SUBRULE(this.joinOp) },
      { ALT: () => this.SUBRULE(this.lookupOp) },
      { ALT: () => this.SUBRULE(this.unionOp) },
      { ALT: () => this.SUBRULE(this.sortOp) },
      { ALT: () => this.SUBRULE(this.takeOp) },
      { ALT: () => this.SUBRULE(this.topOp) },
      { ALT: () => this.SUBRULE(this.topNestedOp) },
      { ALT: () => this.SUBRULE(this.distinctOp) },
      { ALT: () => this.SUBRULE(this.countOp) },
      { ALT: () => this.SUBRULE(this.mvExpandOp) },
      { ALT: () => this.SUBRULE(this.mvApplyOp) },
      { ALT: () => this.SUBRULE(this.parseOp) },
      { ALT: () => this.SUBRULE(this.evaluateOp) },
      { ALT: () => this.SUBRULE(this.makeSeriesOp) },
      { ALT: () => this.SUBRULE(this.serializeOp) },
      { ALT: () => this.SUBRULE(this.asOp) },
      { ALT: () => this.SUBRULE(this.invokeOp) },
      { ALT: () => this.SUBRULE(this.renderOp) },
      { ALT: () => this.SUBRULE(this.getschemaOp) },
      { ALT: () => this.SUBRULE(this.sampleOp) },
      { ALT: () => this.SUBRULE(this.searchOp) },
      { ALT: () => this.SUBRULE(this.projectByNamesOp) },
      { ALT: () => this.SUBRULE(this.reduceOp) },
      { ALT: () => this.SUBRULE(this.partitionOp) },
    ])),
  );

  whereOp = this.RULE("whereOp", (): A.WhereOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.OR([{ ALT: () => this.CONSUME(K.where) }, { ALT: () => this.CONSUME(K.filter) }]);
    const predicate = this.SUBRULE(this.orExpr);
    return this.ACTION(() => ({ kind: "Where" as const, keywordSpan: this.tokSpan(k), predicate, span: this.spanFrom(start) }));
  });

  extendOp = this.RULE("extendOp", (): A.ExtendOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.extend);
    const items = this.SUBRULE(this.namedExprList);
    return this.ACTION(() => ({ kind: "Extend" as const, keywordSpan: this.tokSpan(k), items, span: this.spanFrom(start) }));
  });

  projectOp = this.RULE("projectOp", (): A.ProjectOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.project);
    const items = this.SUBRULE(this.namedExprList);
    return this.ACTION(() => ({ kind: "Project" as const, keywordSpan: this.tokSpan(k), items, span: this.spanFrom(start) }));
  });

  projectAwayKeepOp = this.RULE("projectAwayKeepOp", (): A.ProjectAwayOperator | A.ProjectKeepOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.OR([{ ALT: () => this.CONSUME(K.projectAway) }, { ALT: () => this.CONSUME(K.projectKeep) }]);
    const columns: A.ColumnPattern[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const p = this.SUBRULE(this.namePattern);
        this.ACTION(() => columns.push({ pattern: p.name, span: p.span }));
      },
    });
    return this.ACTION(() => ({
      kind: k.image === "project-away" ? ("ProjectAway" as const) : ("ProjectKeep" as const),
      keywordSpan: this.tokSpan(k),
      columns,
      span: this.spanFrom(start),
    }));
  });

  projectRenameOp = this.RULE("projectRenameOp", (): A.ProjectRenameOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.projectRename);
    const renames: A.ProjectRenameOperator["renames"] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const s = this.ACTION(() => this.startOf());
        const newName = this.SUBRULE(this.nameToken);
        this.CONSUME(Equals);
        const oldName = this.SUBRULE2(this.nameToken);
        this.ACTION(() => renames.push({ newName: newName.name, oldName: oldName.name, span: this.spanFrom(s) }));
      },
    });
    return this.ACTION(() => ({ kind: "ProjectRename" as const, keywordSpan: this.tokSpan(k), renames, span: this.spanFrom(start) }));
  });

  projectReorderOp = this.RULE("projectReorderOp", (): A.ProjectReorderOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.projectReorder);
    const columns: A.ProjectReorderOperator["columns"] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const p = this.SUBRULE(this.namePattern);
        let order: "asc" | "desc" | undefined;
        this.OPTION(() => {
          const d = this.OR2([{ ALT: () => this.CONSUME(K.asc) }, { ALT: () => this.CONSUME(K.desc) }]);
          this.ACTION(() => (order = d.image === "asc" ? "asc" : "desc"));
        });
        this.ACTION(() => {
          const col: A.ProjectReorderOperator["columns"][number] = { pattern: p.name, span: this.spanFrom(p.span.start) };
          if (order) col.order = order;
          columns.push(col);
        });
      },
    });
    return this.ACTION(() => ({ kind: "ProjectReorder" as const, keywordSpan: this.tokSpan(k), columns, span: this.spanFrom(start) }));
  });

  projectByNamesOp = this.RULE("projectByNamesOp", (): A.ProjectByNamesOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.projectByNames);
    const specifiers: A.Expression[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => specifiers.push(this.SUBRULE(this.orExpr)) });
    return this.ACTION(() => ({ kind: "ProjectByNames" as const, keywordSpan: this.tokSpan(k), specifiers, span: this.spanFrom(start) }));
  });

  /**
   * `( [|] op | op ... )`: operators applied to an operator's own input rows (partition, mv-apply), as a
   * pipe chain over the empty name, which the binder binds to those rows.
   */
  inputOperators = this.RULE("inputOperators", (): A.Expression => {
    const open = this.CONSUME(LParen);
    let subquery: A.Expression | undefined;
    this.ACTION(() => {
      subquery = { kind: "Name", name: "", span: { start: open.startOffset + 1, end: open.startOffset + 1 } };
    });
    this.OPTION(() => this.CONSUME(Pipe));
    this.AT_LEAST_ONE_SEP({
      SEP: Pipe,
      DEF: () => {
        const op = this.SUBRULE(this.operator);
        this.ACTION(() => {
          subquery = { kind: "Pipe", source: subquery!, operator: op, span: { start: open.startOffset + 1, end: op.span.end } };
        });
      },
    });
    this.CONSUME(RParen);
    return subquery!;
  });

  /** `partition [hint.strategy=...] by Column ( operators )`; the `{ subquery with its own source }` form is not parsed. */
  partitionOp = this.RULE("partitionOp", (): A.PartitionOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.partition);
    const params = this.SUBRULE(this.opParams, { ARGS: [[]] });
    this.CONSUME(K.by);
    const column = this.SUBRULE(this.nameToken);
    const subquery = this.SUBRULE(this.inputOperators);
    return this.ACTION(() => ({ kind: "Partition" as const, keywordSpan: this.tokSpan(k), params, column: column.name, columnSpan: column.span, subquery, span: this.spanFrom(start) }));
  });

  /** `reduce [kind=source] by Expr [with threshold = 0.1, characters = "..."]`. */
  reduceOp = this.RULE("reduceOp", (): A.ReduceOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.reduce);
    const params = this.SUBRULE(this.opParams, { ARGS: [["kind"]] });
    this.CONSUME(K.by);
    const by = this.SUBRULE(this.orExpr);
    const options: A.OperatorParameter[] = [];
    this.OPTION(() => {
      this.CONSUME(K.with);
      this.AT_LEAST_ONE_SEP({
        SEP: Comma,
        DEF: () => {
          const s = this.ACTION(() => this.startOf());
          const n = this.CONSUME(Ident);
          this.CONSUME(Equals);
          const value = this.SUBRULE2(this.orExpr);
          this.ACTION(() => options.push({ name: n.image, value, span: this.spanFrom(s) }));
        },
      });
    });
    return this.ACTION(() => ({ kind: "Reduce" as const, keywordSpan: this.tokSpan(k), params, by, options, span: this.spanFrom(start) }));
  });

  summarizeOp = this.RULE("summarizeOp", (): A.SummarizeOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.summarize);
    const params = this.SUBRULE(this.opParams, { ARGS: [[]] });
    let aggregates: A.NamedExpression[] = [];
    let by: A.NamedExpression[] = [];
    this.OPTION({ GATE: () => this.la(1) !== K.by, DEF: () => (aggregates = this.SUBRULE(this.namedExprList)) });
    this.OPTION2(() => {
      this.CONSUME(K.by);
      by = this.SUBRULE2(this.namedExprList);
    });
    return this.ACTION(() => ({ kind: "Summarize" as const, keywordSpan: this.tokSpan(k), params, aggregates, by, span: this.spanFrom(start) }));
  });

  joinOp = this.RULE("joinOp", (): A.JoinOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.join);
    const params = this.SUBRULE(this.opParams, { ARGS: [["kind", "withsource"]] });
    const right = this.SUBRULE(this.postfixExpr);
    let on: A.JoinCondition[] = [];
    this.OPTION(() => {
      this.CONSUME(K.on);
      on = this.SUBRULE(this.joinConditions);
    });
    return this.ACTION(() => {
      const kindParam = params.find((p) => p.name === "kind");
      let joinKind: A.JoinKind = "innerunique";
      if (kindParam) {
        const raw = kindParam.value.kind === "Name" ? kindParam.value.name.toLowerCase() : "";
        const norm = JOIN_KINDS[raw];
        if (!norm) this.fail(`unknown join kind '${raw}'`, kindParam.value.span);
        joinKind = norm;
      }
      return { kind: "Join" as const, keywordSpan: this.tokSpan(k), joinKind, params, right, on, span: this.spanFrom(start) };
    });
  });

  lookupOp = this.RULE("lookupOp", (): A.LookupOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.lookup);
    const params = this.SUBRULE(this.opParams, { ARGS: [["kind"]] });
    const right = this.SUBRULE(this.postfixExpr);
    this.CONSUME(K.on);
    const on = this.SUBRULE(this.joinConditions);
    return this.ACTION(() => {
      const kindParam = params.find((p) => p.name === "kind");
      let joinKind: "leftouter" | "inner" = "leftouter";
      if (kindParam) {
        const raw = kindParam.value.kind === "Name" ? kindParam.value.name.toLowerCase() : "";
        if (raw !== "leftouter" && raw !== "inner") this.fail(`unknown lookup kind '${raw}', expected 'leftouter' or 'inner'`, kindParam.value.span);
        joinKind = raw;
      }
      return { kind: "Lookup" as const, keywordSpan: this.tokSpan(k), joinKind, params, right, on, span: this.spanFrom(start) };
    });
  });

  joinConditions = this.RULE("joinConditions", (): A.JoinCondition[] => {
    const out: A.JoinCondition[] = [];
    out.push(this.SUBRULE(this.joinCondition));
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(Comma) }, { ALT: () => this.CONSUME(K.and) }]);
      out.push(this.SUBRULE2(this.joinCondition));
    });
    return out;
  });

  joinCondition = this.RULE("joinCondition", (): A.JoinCondition => {
    const start = this.ACTION(() => this.startOf());
    const left = this.SUBRULE(this.addExpr);
    let right: A.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(EqEq);
      right = this.SUBRULE2(this.addExpr);
    });
    return this.ACTION((): A.JoinCondition => {
      const span = this.spanFrom(start);
      if (right) return { kind: "Equality", left, right, span };
      if (left.kind === "Name" && !left.joinSide) return { kind: "SameName", name: left.name, span };
      return this.fail("expected a column name or '$left.x == $right.y' in the join condition", span);
    });
  });

  unionOp = this.RULE("unionOp", (): A.UnionOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.union);
    const params = this.SUBRULE(this.opParams, { ARGS: [UNION_PARAMS] });
    const tables = this.SUBRULE(this.tableRefList);
    return this.ACTION(() => ({ kind: "Union" as const, keywordSpan: this.tokSpan(k), params, tables, span: this.spanFrom(start) }));
  });

  sortOp = this.RULE("sortOp", (): A.SortOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.OR([{ ALT: () => this.CONSUME(K.sort) }, { ALT: () => this.CONSUME(K.order) }]);
    this.SUBRULE(this.opParams, { ARGS: [[]] });
    this.CONSUME(K.by);
    const keys: A.SortKey[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => keys.push(this.SUBRULE(this.sortKey)) });
    return this.ACTION(() => ({ kind: "Sort" as const, keywordSpan: this.tokSpan(k), keys, span: this.spanFrom(start) }));
  });

  sortKey = this.RULE("sortKey", (): A.SortKey => {
    const start = this.ACTION(() => this.startOf());
    const expression = this.SUBRULE(this.orExpr);
    let direction: "asc" | "desc" | undefined;
    let nulls: "first" | "last" | undefined;
    this.OPTION(() => {
      const d = this.OR([{ ALT: () => this.CONSUME(K.asc) }, { ALT: () => this.CONSUME(K.desc) }]);
      this.ACTION(() => (direction = d.image === "asc" ? "asc" : "desc"));
    });
    this.OPTION2(() => {
      this.CONSUME(K.nulls);
      const n = this.OR2([{ ALT: () => this.CONSUME(K.first) }, { ALT: () => this.CONSUME(K.last) }]);
      this.ACTION(() => (nulls = n.image === "first" ? "first" : "last"));
    });
    return this.ACTION(() => {
      const key: A.SortKey = { expression, span: this.spanFrom(start) };
      if (direction) key.direction = direction;
      if (nulls) key.nulls = nulls;
      return key;
    });
  });

  takeOp = this.RULE("takeOp", (): A.TakeOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.OR([{ ALT: () => this.CONSUME(K.take) }, { ALT: () => this.CONSUME(K.limit) }]);
    this.SUBRULE(this.opParams, { ARGS: [[]] });
    const count = this.SUBRULE(this.orExpr);
    return this.ACTION(() => ({ kind: "Take" as const, keywordSpan: this.tokSpan(k), count, span: this.spanFrom(start) }));
  });

  topOp = this.RULE("topOp", (): A.TopOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.top);
    this.SUBRULE(this.opParams, { ARGS: [[]] });
    const count = this.SUBRULE(this.orExpr);
    this.CONSUME(K.by);
    const key = this.SUBRULE(this.sortKey);
    return this.ACTION(() => ({ kind: "Top" as const, keywordSpan: this.tokSpan(k), count, key, span: this.spanFrom(start) }));
  });

  topNestedOp = this.RULE("topNestedOp", (): A.TopNestedOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.topNested);
    const clauses: A.TopNestedOperator["clauses"] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        let count: A.Expression | undefined;
        let withOthers: A.Expression | undefined;
        let direction: "asc" | "desc" | undefined;
        // Every clause after the first repeats the keyword: `top-nested 2 of A by count(), top-nested 1 of B by ...`.
        this.OPTION4({ GATE: () => this.la(1) === K.topNested, DEF: () => this.CONSUME2(K.topNested) });
        this.OPTION({ GATE: () => this.la(1) !== K.of, DEF: () => (count = this.SUBRULE(this.orExpr)) });
        this.CONSUME(K.of);
        const of = this.SUBRULE(this.namedExpr);
        this.OPTION2(() => {
          this.CONSUME(K.with);
          this.CONSUME(K.others);
          this.CONSUME(Equals);
          withOthers = this.SUBRULE2(this.orExpr);
        });
        this.CONSUME(K.by);
        const by = this.SUBRULE2(this.namedExpr);
        this.OPTION3(() => {
          const d = this.OR([{ ALT: () => this.CONSUME(K.asc) }, { ALT: () => this.CONSUME(K.desc) }]);
          this.ACTION(() => (direction = d.image === "asc" ? "asc" : "desc"));
        });
        this.ACTION(() => {
          const clause: A.TopNestedOperator["clauses"][number] = { of, by };
          if (count) clause.count = count;
          if (withOthers) clause.withOthers = withOthers;
          if (direction) clause.direction = direction;
          clauses.push(clause);
        });
      },
    });
    return this.ACTION(() => ({ kind: "TopNested" as const, keywordSpan: this.tokSpan(k), clauses, span: this.spanFrom(start) }));
  });

  distinctOp = this.RULE("distinctOp", (): A.DistinctOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.distinct);
    this.SUBRULE(this.opParams, { ARGS: [[]] });
    const columns: A.Expression[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => columns.push(this.SUBRULE(this.orExpr)) });
    return this.ACTION(() => ({ kind: "Distinct" as const, keywordSpan: this.tokSpan(k), columns, span: this.spanFrom(start) }));
  });

  countOp = this.RULE("countOp", (): A.CountOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.count);
    return this.ACTION(() => ({ kind: "Count" as const, keywordSpan: this.tokSpan(k), span: this.spanFrom(start) }));
  });

  mvItem = this.RULE("mvItem", (): A.MvExpandItem => {
    const start = this.ACTION(() => this.startOf());
    let name: string | undefined;
    this.OPTION({
      GATE: () => this.isNamedStart(),
      DEF: () => {
        const n = this.SUBRULE(this.nameToken);
        this.CONSUME(Equals);
        this.ACTION(() => (name = n.name));
      },
    });
    const expression = this.SUBRULE(this.orExpr);
    let toType: ScalarType | undefined;
    this.OPTION2(() => {
      this.CONSUME(K.to);
      this.CONSUME(K.typeof);
      this.CONSUME(LParen);
      const t = this.CONSUME(Ident);
      this.CONSUME(RParen);
      this.ACTION(() => (toType = this.typeOf(t)));
    });
    return this.ACTION(() => {
      const item: A.MvExpandItem = { expression, span: this.spanFrom(start) };
      if (name !== undefined) item.name = name;
      if (toType) item.toType = toType;
      return item;
    });
  });

  mvItems = this.RULE("mvItems", (): { items: A.MvExpandItem[]; limit?: A.Expression } => {
    const items: A.MvExpandItem[] = [];
    let limit: A.Expression | undefined;
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.mvItem)) });
    this.OPTION(() => {
      this.CONSUME(K.limit);
      limit = this.SUBRULE(this.orExpr);
    });
    return this.ACTION(() => (limit ? { items, limit } : { items }));
  });

  mvExpandOp = this.RULE("mvExpandOp", (): A.MvExpandOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.OR([{ ALT: () => this.CONSUME(K.mvExpand) }, { ALT: () => this.CONSUME(K.mvexpand) }]);
    const params = this.SUBRULE(this.opParams, { ARGS: [MV_PARAMS] });
    const r = this.SUBRULE(this.mvItems);
    return this.ACTION(() => {
      const op: A.MvExpandOperator = { kind: "MvExpand", keywordSpan: this.tokSpan(k), params, items: r.items, span: this.spanFrom(start) };
      if (r.limit) op.limit = r.limit;
      return op;
    });
  });

  mvApplyOp = this.RULE("mvApplyOp", (): A.MvApplyOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.OR([{ ALT: () => this.CONSUME(K.mvApply) }, { ALT: () => this.CONSUME(K.mvapply) }]);
    const params = this.SUBRULE(this.opParams, { ARGS: [MV_PARAMS] });
    const r = this.SUBRULE(this.mvItems);
    this.CONSUME(K.on);
    const subquery = this.SUBRULE(this.inputOperators);
    return this.ACTION(() => {
      const op: A.MvApplyOperator = { kind: "MvApply", keywordSpan: this.tokSpan(k), params, items: r.items, subquery, span: this.spanFrom(start) };
      if (r.limit) op.limit = r.limit;
      return op;
    });
  });

  parseOp = this.RULE("parseOp", (): A.ParseOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.OR([{ ALT: () => this.CONSUME(K.parse) }, { ALT: () => this.CONSUME(K.parseWhere) }]);
    const params = this.SUBRULE(this.opParams, { ARGS: [["kind", "flags"]] });
    const source = this.SUBRULE(this.orExpr);
    this.CONSUME(K.with);
    const pattern: A.ParsePatternPart[] = [];
    this.AT_LEAST_ONE(() => {
      this.OR2([
        {
          ALT: () => {
            const s = this.CONSUME(Str);
            this.ACTION(() => pattern.push({ kind: "Text", text: decodeStringToken(s.image), span: this.tokSpan(s) }));
          },
        },
        {
          ALT: () => {
            const s = this.CONSUME(Star);
            this.ACTION(() => pattern.push({ kind: "Star", span: this.tokSpan(s) }));
          },
        },
        {
          ALT: () => {
            const n = this.SUBRULE(this.nameToken);
            let type: ScalarType | undefined;
            this.OPTION(() => {
              this.CONSUME(Colon);
              const t = this.CONSUME(Ident);
              this.ACTION(() => (type = this.typeOf(t)));
            });
            this.ACTION(() => {
              const part: A.ParsePatternPart = { kind: "Column", name: n.name, span: this.spanFrom(n.span.start) };
              if (type) part.type = type;
              pattern.push(part);
            });
          },
        },
      ]);
    });
    return this.ACTION(() => {
      const kindParam = params.find((p) => p.name === "kind");
      let parseKind: A.ParseOperator["parseKind"] = "simple";
      if (kindParam) {
        const raw = kindParam.value.kind === "Name" ? kindParam.value.name : "";
        if (raw !== "simple" && raw !== "regex" && raw !== "relaxed") this.fail(`unknown parse kind '${raw}'`, kindParam.value.span);
        parseKind = raw;
      }
      const op: A.ParseOperator = { kind: "Parse", keywordSpan: this.tokSpan(k), parseKind, source, pattern, span: this.spanFrom(start) };
      const flags = params.find((p) => p.name === "flags");
      if (flags && flags.value.kind === "Name") op.flags = flags.value.name;
      if (k.image === "parse-where") op.where = true;
      return op;
    });
  });

  evaluateOp = this.RULE("evaluateOp", (): A.EvaluateOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.evaluate);
    const params = this.SUBRULE(this.opParams, { ARGS: [[]] });
    const plugin = this.SUBRULE(this.callExpr);
    // `: (*, Name:type, ...)`: the plugin's declared output schema.
    let schemaHint: A.EvaluateOperator["schemaHint"];
    this.OPTION(() => {
      this.CONSUME(Colon);
      this.CONSUME(LParen);
      const hint: NonNullable<A.EvaluateOperator["schemaHint"]> = { star: false, columns: [] };
      this.OPTION2(() => {
        this.CONSUME(Star);
        hint.star = true;
        this.OPTION3(() => this.CONSUME(Comma));
      });
      this.MANY_SEP({ SEP: Comma, DEF: () => hint.columns.push(this.SUBRULE(this.columnDecl)) });
      this.CONSUME(RParen);
      schemaHint = hint;
    });
    return this.ACTION(() => {
      const op: A.EvaluateOperator = { kind: "Evaluate" as const, keywordSpan: this.tokSpan(k), params, plugin, span: this.spanFrom(start) };
      if (schemaHint) op.schemaHint = schemaHint;
      return op;
    });
  });

  makeSeriesOp = this.RULE("makeSeriesOp", (): A.MakeSeriesOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.makeSeries);
    const params = this.SUBRULE(this.opParams, { ARGS: [["kind"]] });
    const aggregates: A.MakeSeriesOperator["aggregates"] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const agg: A.MakeSeriesOperator["aggregates"][number] = this.SUBRULE(this.namedExpr);
        this.OPTION({
          GATE: () => this.LA(1).image === "default" && this.la(2) === Equals,
          DEF: () => {
            this.CONSUME(Ident);
            this.CONSUME(Equals);
            const d = this.SUBRULE(this.orExpr);
            this.ACTION(() => {
              agg.defaultValue = d;
              agg.span = this.spanFrom(agg.span.start);
            });
          },
        });
        this.ACTION(() => aggregates.push(agg));
      },
    });
    this.CONSUME(K.on);
    const on = this.SUBRULE(this.addExpr);
    let from: A.Expression | undefined;
    let to: A.Expression | undefined;
    let step: A.Expression | undefined;
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.in);
          this.CONSUME(K.range);
          this.CONSUME(LParen);
          from = this.SUBRULE2(this.orExpr);
          this.CONSUME(Comma);
          to = this.SUBRULE3(this.orExpr);
          this.CONSUME2(Comma);
          step = this.SUBRULE4(this.orExpr);
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => {
            this.CONSUME(K.from);
            from = this.SUBRULE5(this.orExpr);
          });
          this.OPTION3(() => {
            this.CONSUME(K.to);
            to = this.SUBRULE6(this.orExpr);
          });
          this.CONSUME(K.step);
          step = this.SUBRULE7(this.orExpr);
        },
      },
    ]);
    let by: A.NamedExpression[] = [];
    this.OPTION4(() => {
      this.CONSUME(K.by);
      by = this.SUBRULE(this.namedExprList);
    });
    return this.ACTION(() => {
      const op: A.MakeSeriesOperator = { kind: "MakeSeries", keywordSpan: this.tokSpan(k), params, aggregates, on, step: step!, by, span: this.spanFrom(start) };
      if (from) op.from = from;
      if (to) op.to = to;
      return op;
    });
  });

  serializeOp = this.RULE("serializeOp", (): A.SerializeOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.serialize);
    let items: A.NamedExpression[] = [];
    this.OPTION(() => (items = this.SUBRULE(this.namedExprList)));
    return this.ACTION(() => ({ kind: "Serialize" as const, keywordSpan: this.tokSpan(k), items, span: this.spanFrom(start) }));
  });

  asOp = this.RULE("asOp", (): A.AsOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.as);
    const params = this.SUBRULE(this.opParams, { ARGS: [[]] });
    const n = this.SUBRULE(this.nameToken);
    return this.ACTION(() => ({ kind: "As" as const, keywordSpan: this.tokSpan(k), params, name: n.name, span: this.spanFrom(start) }));
  });

  invokeOp = this.RULE("invokeOp", (): A.InvokeOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.invoke);
    const call = this.SUBRULE(this.callExpr);
    return this.ACTION(() => ({ kind: "Invoke" as const, keywordSpan: this.tokSpan(k), call, span: this.spanFrom(start) }));
  });

  renderOp = this.RULE("renderOp", (): A.RenderOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.render);
    const v = this.CONSUME(Ident);
    this.OPTION(() => this.SUBRULE(this.withOptions));
    return this.ACTION(() => ({ kind: "Render" as const, keywordSpan: this.tokSpan(k), visualization: v.image, span: this.spanFrom(start) }));
  });

  getschemaOp = this.RULE("getschemaOp", (): A.GetSchemaOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.getschema);
    return this.ACTION(() => ({ kind: "GetSchema" as const, keywordSpan: this.tokSpan(k), span: this.spanFrom(start) }));
  });

  sampleOp = this.RULE("sampleOp", (): A.SampleOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.sample);
    const count = this.SUBRULE(this.orExpr);
    return this.ACTION(() => ({ kind: "Sample" as const, keywordSpan: this.tokSpan(k), count, span: this.spanFrom(start) }));
  });

  searchOp = this.RULE("searchOp", (): A.SearchOperator => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.search);
    const params = this.SUBRULE(this.opParams, { ARGS: [["kind"]] });
    const predicate = this.SUBRULE(this.orExpr);
    return this.ACTION(() => ({ kind: "Search" as const, keywordSpan: this.tokSpan(k), params, predicate, span: this.spanFrom(start) }));
  });

  // -------------------------------------------------------------------------------------------------
  // named expressions: `expr`, `name = expr`, `(a, b) = expr`

  namedExprList = this.RULE("namedExprList", (): A.NamedExpression[] => {
    const out: A.NamedExpression[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => out.push(this.SUBRULE(this.namedExpr)) });
    return out;
  });

  namedExpr = this.RULE("namedExpr", (): A.NamedExpression => {
    const start = this.ACTION(() => this.startOf());
    let names: { name: string; span: Span }[] | undefined;
    this.OPTION({
      GATE: () => this.isNamedStart() || (this.la(1) === LParen && (isIdent(this.LA(2)) || this.la(2) === LBracket) && (this.la(3) === Comma || (this.la(3) === RParen && this.la(4) === Equals))),
      DEF: () => {
        names = [];
        this.OR([
          {
            ALT: () => {
              this.CONSUME(LParen);
              this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names!.push(this.SUBRULE(this.nameToken)) });
              this.CONSUME(RParen);
            },
          },
          { ALT: () => names!.push(this.SUBRULE2(this.nameToken)) },
        ]);
        this.CONSUME(Equals);
      },
    });
    const expression = this.SUBRULE(this.orExpr);
    return this.ACTION(() => {
      const ne: A.NamedExpression = { expression, span: this.spanFrom(start) };
      if (names) ne.names = names;
      return ne;
    });
  });

  // -------------------------------------------------------------------------------------------------
  // scalar expressions

  orExpr = this.RULE("orExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      const op = this.CONSUME(K.or);
      const right = this.SUBRULE2(this.andExpr);
      this.ACTION(() => {
        left = { kind: "Binary", operator: "or", left, right, operatorSpan: this.tokSpan(op), span: this.spanFrom(start) };
      });
    });
    return left;
  });

  andExpr = this.RULE("andExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    let left = this.SUBRULE(this.cmpExpr);
    this.MANY(() => {
      const op = this.CONSUME(K.and);
      const right = this.SUBRULE2(this.cmpExpr);
      this.ACTION(() => {
        left = { kind: "Binary", operator: "and", left, right, operatorSpan: this.tokSpan(op), span: this.spanFrom(start) };
      });
    });
    return left;
  });

  cmpExpr = this.RULE("cmpExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    let left = this.SUBRULE(this.addExpr);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.CONSUME(CompareOp);
            const right = this.SUBRULE2(this.addExpr);
            this.ACTION(() => {
              const operator = (op.image === "<>" ? "!=" : op.image) as A.BinaryOperator;
              left = { kind: "Binary", operator, left, right, operatorSpan: this.tokSpan(op), span: this.spanFrom(start) };
            });
          },
        },
        {
          ALT: () => {
            const op = this.CONSUME(StringOp);
            const right = this.SUBRULE3(this.addExpr);
            this.ACTION(() => {
              const operator = STRING_OP_ALIASES[op.image] ?? (op.image as A.StringOperator);
              left = { kind: "Binary", operator, left, right, operatorSpan: this.tokSpan(op), span: this.spanFrom(start) };
            });
          },
        },
        {
          ALT: () => {
            const op = this.CONSUME(InOp);
            this.CONSUME(LParen);
            const values: A.Expression[] = [];
            this.MANY_SEP({ SEP: Comma, DEF: () => values.push(this.SUBRULE(this.pipeExpr)) });
            this.CONSUME(RParen);
            this.ACTION(() => {
              left = { kind: "In", operator: op.image as A.InOperator, left, values, operatorSpan: this.tokSpan(op), span: this.spanFrom(start) };
            });
          },
        },
        {
          ALT: () => {
            const op = this.OR2([{ ALT: () => this.CONSUME(K.between) }, { ALT: () => this.CONSUME(NotBetween) }]);
            this.CONSUME2(LParen);
            const low = this.SUBRULE4(this.addExpr);
            this.CONSUME(DotDot);
            const high = this.SUBRULE5(this.addExpr);
            this.CONSUME2(RParen);
            this.ACTION(() => {
              left = { kind: "Between", negated: op.image !== "between", left, low, high, span: this.spanFrom(start) };
            });
          },
        },
        {
          ALT: () => {
            const m = this.CONSUME(K.matches);
            this.CONSUME(K.regex);
            const right = this.SUBRULE6(this.addExpr);
            this.ACTION(() => {
              left = {
                kind: "Binary",
                operator: "matches regex",
                left,
                right,
                operatorSpan: { start: m.startOffset, end: this.LA(0).startOffset },
                span: this.spanFrom(start),
              };
            });
          },
        },
      ]);
    });
    return left;
  });

  addExpr = this.RULE("addExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    let left = this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
      const right = this.SUBRULE2(this.mulExpr);
      this.ACTION(() => {
        left = { kind: "Binary", operator: op.image as "+" | "-", left, right, operatorSpan: this.tokSpan(op), span: this.spanFrom(start) };
      });
    });
    return left;
  });

  mulExpr = this.RULE("mulExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    let left = this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(Star) }, { ALT: () => this.CONSUME(Slash) }, { ALT: () => this.CONSUME(Percent) }]);
      const right = this.SUBRULE2(this.unaryExpr);
      this.ACTION(() => {
        left = { kind: "Binary", operator: op.image as "*" | "/" | "%", left, right, operatorSpan: this.tokSpan(op), span: this.spanFrom(start) };
      });
    });
    return left;
  });

  unaryExpr = this.RULE("unaryExpr", (): A.Expression => {
    const signs: IToken[] = [];
    this.MANY(() => {
      const s = this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
      this.ACTION(() => signs.push(s));
    });
    let operand = this.SUBRULE(this.postfixExpr);
    return this.ACTION(() => {
      for (let i = signs.length - 1; i >= 0; i--) {
        const s = signs[i]!;
        operand = { kind: "Unary", operator: s.image as "-" | "+", operand, span: { start: s.startOffset, end: operand.span.end } };
      }
      return operand;
    });
  });

  postfixExpr = this.RULE("postfixExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    let e = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Dot);
            this.OR2([
              {
                ALT: () => {
                  const m = this.OR3([{ ALT: () => this.CONSUME(Ident) }, { ALT: () => this.CONSUME(IntLiteral) }]);
                  this.ACTION(() => {
                    e = { kind: "Member", target: e, member: m.image, span: this.spanFrom(start) };
                  });
                },
              },
              {
                // `x.['k']` is a member; `x.[0]` (seen in rules) indexes like `x[0]`.
                ALT: () => {
                  this.CONSUME(LBracket);
                  const index = this.SUBRULE2(this.orExpr);
                  this.CONSUME(RBracket);
                  this.ACTION(() => {
                    const span = this.spanFrom(start);
                    e =
                      index.kind === "Literal" && index.type === "string"
                        ? { kind: "Member", target: e, member: index.value as string, span }
                        : { kind: "Index", target: e, index, span };
                  });
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME2(LBracket);
            const index = this.SUBRULE(this.orExpr);
            this.CONSUME2(RBracket);
            this.ACTION(() => {
              e = { kind: "Index", target: e, index, span: this.spanFrom(start) };
            });
          },
        },
      ]);
    });
    return e;
  });

  parenExpr = this.RULE("parenExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(LParen);
    const expression = this.SUBRULE(this.pipeExpr);
    this.CONSUME(RParen);
    return this.ACTION(() => ({ kind: "Paren" as const, expression, span: this.spanFrom(start) }));
  });

  callExpr = this.RULE("callExpr", (): A.CallExpression => {
    const start = this.ACTION(() => this.startOf());
    const n = this.CONSUME(Ident);
    const args = this.SUBRULE(this.callArgs);
    return this.ACTION(() => ({ kind: "Call" as const, name: n.image, nameSpan: this.tokSpan(n), args: args.args, namedArgs: args.namedArgs, span: this.spanFrom(start) }));
  });

  callArgs = this.RULE("callArgs", (): { args: A.Expression[]; namedArgs: A.NamedArgument[] } => {
    const args: A.Expression[] = [];
    const namedArgs: A.NamedArgument[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              GATE: () => isIdent(this.LA(1)) && this.la(2) === Equals,
              ALT: () => {
                const start = this.ACTION(() => this.startOf());
                const n = this.CONSUME(Ident);
                this.CONSUME(Equals);
                const value = this.SUBRULE(this.orExpr);
                this.ACTION(() => namedArgs.push({ name: n.image, value, span: this.spanFrom(start) }));
              },
            },
            { ALT: () => args.push(this.SUBRULE(this.pipeExpr)) },
          ],
        });
      },
    });
    this.CONSUME(RParen);
    return { args, namedArgs };
  });

  literal = this.RULE("literal", (): A.Literal =>
    this.OR((this.literalAlternatives ??= [
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(IntLiteral) }, { ALT: () => this.CONSUME(HexLiteral) }]);
          return this.ACTION(() => this.literalOf(() => decodeInteger(t.image), this.tokSpan(t)));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(RealLiteral);
          return this.ACTION(() => this.literalOf(() => decodeReal(t.image), this.tokSpan(t)));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(TimespanLiteral);
          return this.ACTION(() => this.literalOf(() => decodeTimespanToken(t.image), this.tokSpan(t)));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(TypedLiteral);
          return this.ACTION(() => this.literalOf(() => decodeTypedLiteral(t.image), this.tokSpan(t)));
        },
      },
      {
        ALT: () => {
          const t = this.OR3([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }]);
          return this.ACTION((): A.Literal => ({ kind: "Literal", type: "bool", value: t.image === "true", span: this.tokSpan(t) }));
        },
      },
      {
        ALT: () => {
          const start = this.ACTION(() => this.startOf());
          let text = "";
          this.AT_LEAST_ONE(() => {
            const s = this.CONSUME(Str);
            this.ACTION(() => (text += decodeStringToken(s.image)));
          });
          return this.ACTION((): A.Literal => ({ kind: "Literal", type: "string", value: text, span: this.spanFrom(start) }));
        },
      },
    ])),
  );

  primary = this.RULE("primary", (): A.Expression =>
    this.OR((this.primaryAlternatives ??= {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          // `datetime(now)` is read as a call of now(): its value is not a constant.
          GATE: () => this.la(1) === TypedLiteral && DATETIME_NOW.test(this.LA(1).image),
          ALT: () => {
            const t = this.CONSUME(TypedLiteral);
            return this.ACTION((): A.Expression => ({ kind: "Call", name: "now", nameSpan: this.tokSpan(t), args: [], namedArgs: [], span: this.tokSpan(t) }));
          },
        },
        { ALT: () => this.SUBRULE(this.literal) },
        { GATE: () => this.la(2) === LParen, ALT: () => this.SUBRULE(this.dynamicLiteral) },
        { GATE: () => this.la(2) === LParen, ALT: () => this.SUBRULE(this.typeofExpr) },
        {
          ALT: () => {
            const t = this.OR2([{ ALT: () => this.CONSUME(LeftRef) }, { ALT: () => this.CONSUME(RightRef) }]);
            return this.ACTION((): A.Expression => {
              const side = t.image === "$left" ? "left" : "right";
              return { kind: "Name", name: t.image, joinSide: side, span: this.tokSpan(t) };
            });
          },
        },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        {
          ALT: () => {
            const n = this.SUBRULE(this.nameToken);
            let args: { args: A.Expression[]; namedArgs: A.NamedArgument[] } | undefined;
            this.OPTION(() => (args = this.SUBRULE(this.callArgs)));
            return this.ACTION((): A.Expression => {
              if (!args) return { kind: "Name", name: n.name, span: n.span };
              return { kind: "Call", name: n.name, nameSpan: n.span, args: args.args, namedArgs: args.namedArgs, span: this.spanFrom(n.span.start) };
            });
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(Star);
            return this.ACTION((): A.Expression => ({ kind: "Star", span: this.tokSpan(t) }));
          },
        },
      ],
    })),
  );

  typeofExpr = this.RULE("typeofExpr", (): A.Expression => {
    const start = this.ACTION(() => this.startOf());
    const k = this.CONSUME(K.typeof);
    this.CONSUME(LParen);
    const args: A.Expression[] = [];
    const namedArgs: A.NamedArgument[] = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const s = this.ACTION(() => this.startOf());
        const a = this.SUBRULE(this.nameToken);
        let t: IToken | undefined;
        this.OPTION(() => {
          this.CONSUME(Colon);
          t = this.CONSUME(Ident);
        });
        this.ACTION(() => {
          if (t) {
            const type = this.typeOf(t);
            namedArgs.push({ name: a.name, value: { kind: "Name", name: type, span: this.tokSpan(t) }, span: this.spanFrom(s) });
          } else if (a.name !== "*") {
            const type = scalarTypeFromName(a.name);
            if (!type) this.fail(`unknown type '${a.name}'`, a.span);
            args.push({ kind: "Name", name: type, span: a.span });
          }
        });
      },
    });
    this.CONSUME(RParen);
    return this.ACTION((): A.Expression => ({ kind: "Call", name: "typeof", nameSpan: this.tokSpan(k), args, namedArgs, span: this.spanFrom(start) }));
  });

  dynamicLiteral = this.RULE("dynamicLiteral", (): A.Literal => {
    const start = this.ACTION(() => this.startOf());
    this.CONSUME(K.dynamic);
    this.CONSUME(LParen);
    let value: unknown = null;
    this.OPTION(() => (value = this.SUBRULE(this.jsonValue)));
    this.CONSUME(RParen);
    return this.ACTION((): A.Literal => ({ kind: "Literal", type: "dynamic", value, span: this.spanFrom(start) }));
  });

  jsonValue = this.RULE("jsonValue", (): unknown =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            let text = "";
            this.AT_LEAST_ONE(() => {
              const s = this.CONSUME(Str);
              this.ACTION(() => (text += decodeStringToken(s.image)));
            });
            return text;
          },
        },
        {
          ALT: () => {
            let neg = false;
            this.OPTION(() => {
              const s = this.OR2([{ ALT: () => this.CONSUME(Minus) }, { ALT: () => this.CONSUME(Plus) }]);
              this.ACTION(() => (neg = s.image === "-"));
            });
            const t = this.OR3([
              { ALT: () => this.CONSUME(IntLiteral) },
              { ALT: () => this.CONSUME(HexLiteral) },
              { ALT: () => this.CONSUME(RealLiteral) },
              { ALT: () => this.CONSUME(TimespanLiteral) },
            ]);
            return this.ACTION(() => {
              if (t.tokenType === TimespanLiteral) {
                const ticks = decodeTimespanToken(t.image).value as bigint;
                return typedLiteralToDynamic(`time(${neg ? "-" : ""}${ticks}tick)`);
              }
              const n = t.tokenType === RealLiteral ? Number(t.image) : (decodeInteger(t.image).value as number);
              return neg ? -n : n;
            });
          },
        },
        {
          ALT: () => {
            const t = this.OR4([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }]);
            return this.ACTION(() => t.image === "true");
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(TypedLiteral);
            return this.ACTION(() => {
              try {
                return typedLiteralToDynamic(t.image);
              } catch (e) {
                if (e instanceof LiteralError) this.fail(e.message, this.tokSpan(t));
                throw e;
              }
            });
          },
        },
        { GATE: () => this.la(2) === LParen, ALT: () => this.SUBRULE(this.dynamicLiteral).value },
        {
          ALT: () => {
            const t = this.CONSUME(Ident);
            return this.ACTION(() => {
              if (t.image === "null") return null;
              return this.fail(`expected a dynamic value but found '${t.image}'`, this.tokSpan(t));
            });
          },
        },
        {
          ALT: () => {
            const arr: unknown[] = [];
            this.CONSUME(LBracket);
            this.OPTION2(() => {
              arr.push(this.SUBRULE(this.jsonValue));
              this.MANY(() => {
                this.CONSUME(Comma);
                this.OPTION3(() => arr.push(this.SUBRULE2(this.jsonValue)));
              });
            });
            this.CONSUME(RBracket);
            return arr;
          },
        },
        {
          ALT: () => {
            const bag = this.ACTION(() => newBag()) as Record<string, unknown>;
            this.CONSUME(LBrace);
            const entry = (): void => {
              const key = this.OR5([{ ALT: () => this.CONSUME2(Str) }, { ALT: () => this.CONSUME2(Ident) }]);
              this.CONSUME(Colon);
              const v = this.SUBRULE3(this.jsonValue);
              this.ACTION(() => {
                bag[tokenMatcher(key, Str) ? decodeStringToken(key.image) : key.image] = v;
              });
            };
            this.OPTION4(() => {
              entry();
              this.MANY2(() => {
                this.CONSUME2(Comma);
                this.OPTION5(() => {
                  const key = this.OR6([{ ALT: () => this.CONSUME3(Str) }, { ALT: () => this.CONSUME3(Ident) }]);
                  this.CONSUME2(Colon);
                  const v = this.SUBRULE4(this.jsonValue);
                  this.ACTION(() => {
                    bag[tokenMatcher(key, Str) ? decodeStringToken(key.image) : key.image] = v;
                  });
                });
              });
            });
            this.CONSUME(RBrace);
            return bag;
          },
        },
      ],
    }),
  );
}

/** The one parser instance; Chevrotain parsers are reusable once self-analysed. */
let instance: KqlParser | undefined;

export function getParser(): KqlParser {
  instance ??= new KqlParser();
  return instance;
}
