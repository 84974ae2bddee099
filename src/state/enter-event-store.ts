// Keeps a copy of each thread's last enter event, as libsinsp does, so that exit parsers
// and fields can read parameters that only the enter event carries (old trace layouts put
// the path of execve, the address of connect, the fd of close there). One buffer per
// thread, grown when needed and reused: no allocation per event in the steady state.
import { ScapEvent } from '../events/scap-event.js';
import type { ThreadInfo } from './thread-info.js';

export function storeEnterEvent(t: ThreadInfo, evt: ScapEvent): void {
  const hdr = evt.lensOff - evt.hdrOff;
  let end = evt.lensOff + evt.nparams * evt.lenSize;
  for (let i = 0; i < evt.nparams; i++) end += evt.paramLength(i);
  const len = end - evt.hdrOff;
  let buf = t.enterBuf;
  if (buf === null || buf.length < len) buf = t.enterBuf = Buffer.allocUnsafe(Math.max(256, len * 2));
  evt.buf.copy(buf, 0, evt.hdrOff, end);
  t.enterLen = len;
  t.enterNparams = evt.nparams;
  t.enterLenSize = evt.lenSize;
  t.enterHdrSize = hdr;
  t.lastEnterType = evt.type;
}

/** The stored enter event matching the current exit event, or undefined (dropped or unpaired). */
export function enterEventOf(t: ThreadInfo | undefined): ScapEvent | undefined {
  if (!t || !t.lastEnterValid || t.enterBuf === null) return undefined;
  return new ScapEvent(t.enterBuf, 0, t.enterHdrSize, t.enterNparams, t.enterLenSize, 0, 0, 0);
}
