// Public surface of the event schema: descriptors, the catalog, the lazy event view,
// decoders, the evt.args formatter and the encoder.
export { EVENT_INFO, eventInfo, isKnownEvent, isOldVersion, paramTypeName, PPM_EVENT_MAX, type EventInfo, type ParamInfo, type EventDirection } from './event-info.js';
export { EventCatalog, syscallEventCatalog } from './event-catalog.js';
export { ScapEvent, EVENT_HEADER_SIZE, EVENT_HEADER_SIZE_V1, PPME_GENERIC_E, PPME_GENERIC_X, SCAP_DF_STATE_ONLY } from './scap-event.js';
export { PARAM_DECODERS, type ParamValue, type SockAddr, type SockTuple, type FdListEntry } from './param-decoders.js';
export { formatArgs, formatParam, flagNames, type ArgResolver, type FormatOptions } from './arg-formatter.js';
export { encodeEvent, enc, type RawEvent } from './event-encoder.js';
export { FLAG_TABLES, type FlagTable } from './flag-tables.js';
export { PPM_SC_NAMES, X86_64_SYSCALL_NAMES, X86_64_ROUTED } from './syscall-table.js';
export { ERRNO_NAMES, SIGNAL_NAMES } from './errno-signal-names.js';
