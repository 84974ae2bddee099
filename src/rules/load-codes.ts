// The error and warning codes of a rules load, with the short text and long description
// Falco attaches to each. The JSON shape of `falco_load_results` prints `codedesc`; for
// errors Falco prints the short text there, for warnings the long description, and tercel
// keeps that asymmetry because tools compare the JSON byte for byte.

export type ErrorCode =
  | 'LOAD_ERR_FILE_READ'
  | 'LOAD_ERR_YAML_PARSE'
  | 'LOAD_ERR_YAML_VALIDATE'
  | 'LOAD_ERR_COMPILE_CONDITION'
  | 'LOAD_ERR_COMPILE_OUTPUT'
  | 'LOAD_ERR_VALIDATE'
  | 'LOAD_ERR_EXTENSION';

export type WarningCode =
  | 'LOAD_UNKNOWN_SOURCE'
  | 'LOAD_UNSAFE_NA_CHECK'
  | 'LOAD_NO_EVTTYPE'
  | 'LOAD_UNKNOWN_FILTER'
  | 'LOAD_UNUSED_MACRO'
  | 'LOAD_UNUSED_LIST'
  | 'LOAD_UNKNOWN_ITEM'
  | 'LOAD_DEPRECATED_ITEM'
  | 'LOAD_WARNING_EXTENSION'
  | 'LOAD_APPEND_NO_VALUES'
  | 'LOAD_EXCEPTION_NAME_NOT_UNIQUE'
  | 'LOAD_INVALID_MACRO_NAME'
  | 'LOAD_INVALID_LIST_NAME'
  | 'LOAD_COMPILE_CONDITION'
  | 'LOAD_UNKNOWN_KEY'
  // Falco's code name before it became LOAD_UNKNOWN_FILTER (Falco 0.36). The legacy
  // conformance suite still expects it for an unknown field skipped by
  // `skip-if-unknown-filter`, so that one case keeps the old name (see rules-compiler.ts).
  | 'LOAD_UNKNOWN_FIELD';

export type LoadCode = ErrorCode | WarningCode;

interface CodeText {
  /** Short summary, printed next to the code in text output. */
  readonly short: string;
  /** What the code means and what happens to the item. */
  readonly long: string;
}

export const ERROR_TEXT: Readonly<Record<ErrorCode, CodeText>> = {
  LOAD_ERR_FILE_READ: {
    short: 'File read error',
    long: 'The rules file could not be read: check that it exists and that its permissions allow reading.',
  },
  LOAD_ERR_YAML_PARSE: { short: 'YAML parse error', long: 'The rules content is not valid YAML.' },
  LOAD_ERR_YAML_VALIDATE: {
    short: 'Error validating internal structure of YAML file',
    long: 'The YAML parses but its shape is wrong: not a sequence of maps, a required key missing, or a value of the wrong type.',
  },
  LOAD_ERR_COMPILE_CONDITION: {
    short: 'Error compiling condition',
    long: 'A condition could not be compiled into a filter.',
  },
  LOAD_ERR_COMPILE_OUTPUT: {
    short: 'Error compiling output',
    long: 'An output string could not be compiled into a formatter.',
  },
  LOAD_ERR_VALIDATE: {
    short: 'Error validating rule/macro/list/exception objects',
    long: 'A rule, macro, list or exception is inconsistent: an undefined macro, a version mismatch, an append with nothing to append to, mismatched exception lengths, and the like.',
  },
  LOAD_ERR_EXTENSION: { short: 'Error in extension item', long: 'An extension item has an error.' },
};

// Falco prints these long descriptions in the `codedesc` of warnings, so their wording is
// kept exactly as Falco has it (falco_load_result.cpp).
export const WARNING_TEXT: Readonly<Record<WarningCode, CodeText>> = {
  LOAD_UNKNOWN_SOURCE: {
    short: 'Unknown event source',
    long: 'A rule has a unknown event source. This can occur when reading rules content without having a corresponding plugin loaded, etc. The rule will be silently ignored.',
  },
  LOAD_UNSAFE_NA_CHECK: {
    short: 'Unsafe <NA> comparison in condition',
    long: "Comparing a field value with <NA> is unsafe and can lead to unpredictable behavior of the rule condition. If you need to check for the existence of a field, consider using the 'exists' operator instead.",
  },
  LOAD_NO_EVTTYPE: {
    short: 'Condition has no event-type restriction',
    long: 'A rule condition matches too many evt.type values. This has a significant performance penalty. Make the condition more specific by adding an evt.type field or further restricting the number of evt.type values in the condition.',
  },
  LOAD_UNKNOWN_FILTER: {
    short: 'Unknown field or event-type in condition or output',
    long: 'A rule condition or output refers to a field or evt.type that does not exist. This is normally an error, but if a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.',
  },
  LOAD_UNUSED_MACRO: {
    short: 'Unused macro',
    long: 'A macro is defined in the rules content but is not used by any other macro or rule.',
  },
  LOAD_UNUSED_LIST: {
    short: 'Unused list',
    long: 'A list is defined in the rules content but is not used by any other list, macro, or rule.',
  },
  LOAD_UNKNOWN_ITEM: {
    short: 'Unknown rules file item',
    long: 'An unknown top-level object is in the rules content. It will be ignored.',
  },
  LOAD_DEPRECATED_ITEM: {
    short: 'Used deprecated item',
    long: 'A deprecated item is employed by lists, macros, or rules.',
  },
  LOAD_WARNING_EXTENSION: { short: 'Warning in extension item', long: 'An extension item has a warning' },
  LOAD_APPEND_NO_VALUES: {
    short: 'Overriding/appending with no values',
    long: 'A rule exception is overriding/appending with no values',
  },
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: {
    short: 'Multiple exceptions defined with the same name',
    long: 'A rule is defining multiple exceptions with the same name',
  },
  LOAD_INVALID_MACRO_NAME: { short: 'Invalid macro name', long: 'A macro is defined with an invalid name' },
  LOAD_INVALID_LIST_NAME: { short: 'Invalid list name', long: 'A list is defined with an invalid name' },
  LOAD_COMPILE_CONDITION: {
    short: 'Warning in rule condition',
    long: 'A rule condition or output have been parsed with a warning',
  },
  LOAD_UNKNOWN_KEY: {
    short: 'Unknown key in item definition',
    long: 'An item in the rules content contains an unrecognized key. The key will be ignored. This may indicate a typo or a property placed on the wrong item type.',
  },
  LOAD_UNKNOWN_FIELD: {
    short: 'Unknown field in condition',
    long: 'A rule condition refers to a field that does not exist. This is normally an error, but if a rule has a skip-if-unknown-filter property, the error is downgraded to a warning.',
  },
};

export const isErrorCode = (c: LoadCode): c is ErrorCode => c in ERROR_TEXT;

/** The text Falco's JSON puts in `codedesc` for a code. */
export function codeDesc(code: LoadCode): string {
  return isErrorCode(code) ? ERROR_TEXT[code].short : WARNING_TEXT[code].long;
}

/** The short text Falco prints beside the code in its text rendering. */
export function codeShort(code: LoadCode): string {
  return isErrorCode(code) ? ERROR_TEXT[code].short : WARNING_TEXT[code].short;
}
