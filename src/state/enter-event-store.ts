// Keeps a copy of each thread's last enter event, as libsinsp does, so that exit parsers
// and fields can read parameters that only the enter event carries (old trace layouts put
// the path of execve, the address of connect, the fd of close there). One buffer per
// thread, grown when needed and reused: no allocation per event in the steady state.
import { EVENT_INFO } from '../events/event-info.js';
import { ScapEvent } from '../events/scap-event.js';
import type { ThreadInfo } from './thread-info.js';

/** Enter events whose exit parser reads them (old layouts keep the path, address, ids there). */
const NEEDED = new Set(['open', 'openat', 'openat2', 'creat', 'execve', 'execveat', 'connect', 'socket', 'socketpair',
  'sendto', 'sendmsg', 'setuid', 'setgid', 'setresuid', 'setresgid', 'setreuid', 'setregid']);
export const STORE_ENTER: Uint8Array = Uint8Array.from(EVENT_INFO, (e) => (e.dir === '>' && NEEDED.has(e.name) ? 1 : 0));

/** Notes the enter event of a thread (its timestamp as two 32-bit halves); its bytes are copied only when an exit parser may need them. */
export function noteEnterEvent(t: ThreadInfo, evt: ScapEvent, tsHi: number, tsLo: number): void {
  t.lastEnterType = evt.type;
  t.lastEnterTsHi = tsHi;
  t.lastEnterTsLo = tsLo;
  if (STORE_ENTER[evt.type] === 1) storeEnterEvent(t, evt);
  else t.enterStoredType = -1;
}

export function storeEnterEvent(t: ThreadInfo, evt: ScapEvent): void {
  const hdr = evt.lensOff - evt.hdrOff;
  t.lastEnterType = evt.type;
  t.enterStoredType = evt.type;
  if (evt.nparams === 0) {
    // Nothing to copy: old layouts of open and others send empty enter events (one per
    // open in most traces), and exit parsers only ask such an event for its code.
    t.enterLen = 0;
    t.enterNparams = 0;
    t.enterHdrSize = hdr;
    return;
  }
  let end = evt.lensOff + evt.nparams * evt.lenSize;
  for (let i = 0; i < evt.nparams; i++) end += evt.paramLength(i);
  const len = end - evt.hdrOff;
  let buf = t.enterBuf;
  if (buf === null || buf.length < len) buf = t.enterBuf = Buffer.allocUnsafe(Math.max(256, len * 2));
  const src = evt.buf;
  // Buffer.copy has a fixed cost that dominates for the few dozen bytes of most events
  if (len <= 128) for (let i = 0, j = evt.hdrOff; i < len; i++, j++) buf[i] = src[j];
  else src.copy(buf, 0, evt.hdrOff, end);
  t.enterLen = len;
  t.enterNparams = evt.nparams;
  t.enterLenSize = evt.lenSize;
  t.enterHdrSize = hdr;
}

/**
 * The stored enter event matching the current exit event, or undefined (dropped or
 * unpaired). An enter event without parameters comes back as its code only (the view's
 * time and thread read 0).
 */
export function enterEventOf(t: ThreadInfo | undefined): ScapEvent | undefined {
  if (!t || !t.lastEnterValid || t.enterStoredType !== t.lastEnterType || t.enterStoredType < 0) return undefined;
  // One view for every call: parsers read it at once, within the current event.
  if (t.enterLen === 0) return ENTER_VIEW.reset(emptyEnterEvent(t.enterStoredType), 0, t.enterHdrSize, 0, 2, 0, 0, 0);
  if (t.enterBuf === null) return undefined;
  return ENTER_VIEW.reset(t.enterBuf, 0, t.enterHdrSize, t.enterNparams, t.enterLenSize, 0, 0, 0);
}

const ENTER_VIEW = ScapEvent.reusable();

/** Per code, an event header with only the code set, for enter events kept without their bytes. */
const EMPTY_ENTER: (Buffer | undefined)[] = [];
function emptyEnterEvent(code: number): Buffer {
  let b = EMPTY_ENTER[code];
  if (b === undefined) {
    b = EMPTY_ENTER[code] = Buffer.alloc(26);
    b.writeUInt16LE(code, 20);
  }
  return b;
}
