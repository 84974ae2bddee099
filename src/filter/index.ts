// Public API of the condition language (see docs/architecture.md, "Filter <-> rules loader").
export * as ast from './ast.js';
export type {
  Expr, Pos, BinaryOp, Modifier, TransformerName, AndNode, OrNode, NotNode, IdentifierNode, ValueNode,
  ListNode, TransformerListNode, FieldNode, TransformerNode, UnaryCheckNode, BinaryCheckNode,
} from './ast.js';
export { parseCondition, SUPPORTED_OPERATORS, SUPPORTED_TRANSFORMERS, type ParseOptions } from './condition-parser.js';
export { formatCondition } from './condition-formatter.js';
export { expandMacrosAndLists, listItemValue, type ExpandEnv, type ExpandResult, type Located } from './macro-list-expander.js';
export { inferEventTypes, type EventTypeSet } from './event-type-inference.js';
export { staticEventTypeCatalog, type EventTypeCatalog } from './event-type-catalog.js';
export { collectConditionWarnings, DEPRECATED_FIELDS, type ConditionWarning, type ConditionWarningCode } from './condition-warnings.js';
export { compileCondition, type CompiledCondition, type CompileOptions, type CompileWarning } from './condition-compiler.js';
export { FilterSyntaxError, FilterCompileError, UNKNOWN_FIELD, UNKNOWN_EVENT_TYPE } from './filter-errors.js';
