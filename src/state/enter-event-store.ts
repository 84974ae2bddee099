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
  t.lastEnterType = evt.type;
  t.enterStoredType = evt.type;
}

/** The stored enter event matching the current exit event, or undefined (dropped or unpaired). */
export function enterEventOf(t: ThreadInfo | undefined): ScapEvent | undefined {
  if (!t || !t.lastEnterValid || t.enterBuf === null || t.enterStoredType !== t.lastEnterType) return undefined;
  // One view for every call: parsers read it at once, within the current event.
  return ENTER_VIEW.reset(t.enterBuf, 0, t.enterHdrSize, t.enterNparams, t.enterLenSize, 0, 0, 0);
}

const ENTER_VIEW = ScapEvent.reusable();
