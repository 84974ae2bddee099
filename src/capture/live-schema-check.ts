// Checks a live event against the schema the decoder uses: parameter count, and the
// width of every fixed-size parameter. Used by tests (and handy when bringing up a new
// probe handler) to catch a probe and an event table that drifted apart.
import { EVENT_INFO } from '../events/event-info.js';
import {
  PT_ABSTIME, PT_ENUMFLAGS16, PT_ENUMFLAGS32, PT_ENUMFLAGS8, PT_ERRNO, PT_FD, PT_FLAGS16, PT_FLAGS32, PT_FLAGS8, PT_GID,
  PT_INT16, PT_INT32, PT_INT64, PT_INT8, PT_MODE, PT_PID, PT_RELTIME, PT_SIGTYPE, PT_SYSCALLID, PT_UID, PT_UINT16,
  PT_UINT32, PT_UINT64, PT_UINT8,
} from '../events/event-table.js';
import type { ScapEvent } from '../events/scap-event.js';

const FIXED_WIDTH = new Map<number, number>([
  [PT_INT8, 1], [PT_UINT8, 1], [PT_SIGTYPE, 1], [PT_FLAGS8, 1], [PT_ENUMFLAGS8, 1],
  [PT_INT16, 2], [PT_UINT16, 2], [PT_FLAGS16, 2], [PT_ENUMFLAGS16, 2], [PT_SYSCALLID, 2],
  [PT_INT32, 4], [PT_UINT32, 4], [PT_FLAGS32, 4], [PT_ENUMFLAGS32, 4], [PT_UID, 4], [PT_GID, 4], [PT_MODE, 4],
  [PT_INT64, 8], [PT_UINT64, 8], [PT_ERRNO, 8], [PT_FD, 8], [PT_PID, 8], [PT_ABSTIME, 8], [PT_RELTIME, 8],
]);

/** Problems with one event, empty when it matches the schema. */
export function checkEventAgainstSchema(ev: ScapEvent): string[] {
  const info = EVENT_INFO[ev.type];
  if (!info) return [`event type ${ev.type} is not in the schema`];
  const out: string[] = [];
  if (ev.nparams !== info.params.length) out.push(`${info.name} (${ev.type}): ${ev.nparams} params, schema says ${info.params.length}`);
  const n = Math.min(ev.nparams, info.params.length);
  for (let i = 0; i < n; i++) {
    const w = FIXED_WIDTH.get(info.params[i].type);
    const len = ev.paramLength(i);
    if (w !== undefined && len !== w) out.push(`${info.name} (${ev.type}) param ${i} '${info.params[i].name}': ${len} bytes, type needs ${w}`);
  }
  return out;
}
