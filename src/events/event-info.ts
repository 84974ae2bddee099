// Typed view of the generated schema (event-table.ts): per event code, its name, direction,
// category, flags and parameter descriptors with the flag table each one refers to resolved.
// Built once at load; decoders and formatters index it by code.
import {
  EVENT_ROWS, DYNAMIC_PARAM_TABLES, PPM_EVENT_MAX, EF_LARGE_PAYLOAD, EF_UNUSED, EF_OLD_VERSION,
  PARAM_TYPE_NAMES, type ParamRow,
} from './event-table.js';
import { FLAG_TABLES, type FlagTable } from './flag-tables.js';

export interface ParamInfo {
  readonly name: string;
  /** PT_* code. */
  readonly type: number;
  /** PF_* code. */
  readonly fmt: number;
  /** Name/value table for flag, enum and mode parameters. */
  readonly flagTable?: FlagTable;
  readonly flagTableName?: string;
  /** For PT_FSRELPATH: index of the dirfd parameter the path is relative to. */
  readonly dirfd?: number;
  /** For PT_DYN: [PT_*, PF_*] per selector byte. */
  readonly dynamic?: readonly (readonly [number, number])[];
}

export type EventDirection = '>' | '<';

export interface EventInfo {
  readonly code: number;
  /** Identifier in libs' enum without the PPME_ prefix, e.g. `SYSCALL_OPEN_X`. */
  readonly id: string;
  /** The name evt.type reports (`open`, `execve`, `syscall` for generic events, `NA` for unused codes). */
  readonly name: string;
  readonly dir: EventDirection;
  readonly category: number;
  readonly flags: number;
  readonly params: readonly ParamInfo[];
  /** Parameter name -> index (first occurrence). */
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Parameter lengths are 32-bit in V2 blocks (EF_LARGE_PAYLOAD). */
  readonly largePayload: boolean;
}

function toParam(row: ParamRow): ParamInfo {
  const [name, type, fmt, extra] = row;
  if (typeof extra === 'string') return { name, type, fmt, flagTable: FLAG_TABLES[extra], flagTableName: extra };
  if (extra && 'dirfd' in extra) return { name, type, fmt, dirfd: extra.dirfd };
  if (extra && 'dyn' in extra) return { name, type, fmt, dynamic: DYNAMIC_PARAM_TABLES[extra.dyn] };
  return { name, type, fmt };
}

/** Event descriptors indexed by code (0 .. PPM_EVENT_MAX-1). */
export const EVENT_INFO: readonly EventInfo[] = EVENT_ROWS.map(([code, id, name, category, flags, rows]) => {
  const params = rows.map(toParam);
  const paramIndex = new Map<string, number>();
  params.forEach((p, i) => { if (!paramIndex.has(p.name)) paramIndex.set(p.name, i); });
  return {
    code, id, name, category, flags, params, paramIndex,
    dir: (code & 1) === 0 ? '>' : '<',
    largePayload: (flags & EF_LARGE_PAYLOAD) !== 0,
  } satisfies EventInfo;
});

export { PPM_EVENT_MAX };

/** Descriptor of an event code, or undefined when this schema does not know the code. */
export function eventInfo(code: number): EventInfo | undefined {
  return code >= 0 && code < EVENT_INFO.length ? EVENT_INFO[code] : undefined;
}

/** True when the code is in the table and not a placeholder (`NA`, EF_UNUSED). */
export function isKnownEvent(code: number): boolean {
  const e = eventInfo(code);
  return e !== undefined && e.name !== 'NA' && (e.flags & EF_UNUSED) === 0;
}

/** True for codes kept only to read older traces (EF_OLD_VERSION). */
export function isOldVersion(code: number): boolean {
  const e = eventInfo(code);
  return e !== undefined && (e.flags & EF_OLD_VERSION) !== 0;
}

/** `PT_FD` -> `FD`. */
export function paramTypeName(type: number): string {
  return PARAM_TYPE_NAMES[type] ?? `PT_${type}`;
}
