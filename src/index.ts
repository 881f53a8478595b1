/** kql-replay: run KQL and Microsoft Sentinel rules over in-memory tables. */
export { runQuery, runQuerySync, prepareQuery, type RuleInput, type PreparedQuery } from "./api.js";
export type { InputRow, InputTables, QueryResult, ResultRow, ResultValue, RunOptions, SchemaMap } from "./api-types.js";
export { KqlError, type KqlErrorCode, type Span } from "./errors.js";
export { parseQuery } from "./parser/index.js";
export type * as Ast from "./parser/ast.js";
export { loadRule, parseRuleDuration, ruleFromObject, type SentinelRule } from "./sentinel/rule.js";
export { loadSchemaFile, loadSchemaFolder, loadSchemas, mergeSchemas, schemasFromJson } from "./sentinel/schemas.js";
export { BUILTIN_SCHEMAS } from "./sentinel/builtin-schemas.js";
export type { ColumnSchema, ScalarType } from "./types.js";
export type { OperatorObserver, OperatorTimings } from "./runtime/execute.js";
