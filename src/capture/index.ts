// Public surface of the capture stage: the source contract, .scap replay and writing.
export type { EventSource, EventSourceStats } from './event-source.js';
export { EventBatch } from './event-batch.js';
export { ScapFileSource, openScapFile, type ScapFileOptions } from './scap-file-source.js';
export { ScapWriter, type ScapWriterOptions } from './scap-writer.js';
export { ScapFormatError, type ScapErrorCode } from './scap-format-error.js';
export * from './scap-header-records.js';
export { dumpTrace, dumpTraceLines, formatEventLine, type DumpOptions } from './trace-dump.js';
export { LiveProbeSource, syscallsForEventTypes, resolveSyscalls, type LiveProbeOptions, type LiveProbeStats } from './live-probe-source.js';
export { LiveProbeError, checkLiveProbe } from './live-probe-preflight.js';
