// Public API of the alerts stage: output templates, the alert formatter (text and Falco's
// JSON), internal alerts, field value formatting and the bounded queue to the outputs.
export { parseOutputTemplate, OutputTemplateError, type OutputTemplate, type TemplateSegment, type FieldSegment, type TextSegment } from './output-template.js';
export type { Alert } from './alert.js';
export { AlertFormatter, type AlertFormatOptions } from './alert-formatter.js';
export { formatInternalAlert, INTERNAL_SOURCE, type InternalAlertInput } from './internal-alert.js';
export { valueText, valueJson, ipText, fitWidth, NA } from './field-value-formatter.js';
export { iso8601, jsonTime, timeOfDay } from './alert-time.js';
export { jsonQuote } from './json-text.js';
export { AlertQueue } from './alert-queue.js';
