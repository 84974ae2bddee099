// Shared shapes and helpers of the per-family parsers: the parser signature, PPM flag
// values libsinsp reads, and small readers for parameters by name.
import type { ScapEvent } from '../events/scap-event.js';
import { readI64, readU16, readU32 } from '../events/param-decoders.js';
import type { EvalContext } from './eval-context.js';
import type { FdInfo } from './fd-info.js';
import type { SyscallState } from './syscall-state.js';
import type { ThreadInfo } from './thread-info.js';

/** Updates the state for one event; `ctx.thread`/`ctx.fd` are set as libsinsp's reset() sets them. */
export type EventParser = (s: SyscallState, ctx: EvalContext) => void;

export const PPM_O_RDONLY = 1;
export const PPM_O_WRONLY = 2;
export const PPM_O_RDWR = 3;
export const PPM_O_CREAT = 4;
export const PPM_O_DIRECTORY = 1024;
export const PPM_O_CLOEXEC = 4096;
export const PPM_O_TMPFILE = 8192;
export const PPM_O_F_CREATED = 16384;
export const PPM_FD_UPPER_LAYER = 32768;
export const PPM_FD_LOWER_LAYER = 65536;
export const PPM_AT_FDCWD = -100;

/** Numeric parameter by name, or `dflt` when absent or empty. */
export function num(evt: ScapEvent, name: string, dflt = 0): number {
  const v = evt.param(name);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : dflt;
}

export function str(evt: ScapEvent, name: string): string | undefined {
  const v = evt.param(name);
  return typeof v === 'string' ? v : undefined;
}

/** Return value of a syscall exit (parameter 0 read as a signed number). */
export function res(evt: ScapEvent): number {
  return evt.nparams > 0 ? rawInt(evt, 0) ?? 0 : 0;
}

/**
 * Integer parameter i read straight from the buffer (8, 4, 2 or 1 bytes, signed), without
 * the view's decode cache: the hot path reads fds and return values this way, allocation-free.
 */
export function rawInt(evt: ScapEvent, i: number): number | undefined {
  const n = evt.nparams;
  if (i >= n) return undefined;
  // bytes read directly: Buffer's readers check their arguments, dearer than the read
  const b = evt.buf, lo = evt.lensOff;
  let o: number, len: number;
  if (evt.lenSize === 2) {
    o = lo + n * 2;
    for (let k = 0, p = lo; k < i; k++, p += 2) o += readU16(b, p);
    len = readU16(b, lo + i * 2);
  } else {
    o = lo + n * 4;
    for (let k = 0, p = lo; k < i; k++, p += 4) o += readU32(b, p);
    len = readU32(b, lo + i * 4);
  }
  if (len === 8) return readI64(b, o);
  if (len === 4) return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
  if (len === 2) return ((b[o]! | (b[o + 1]! << 8)) << 16) >> 16;
  if (len === 1) return (b[o]! << 24) >> 24;
  return undefined;
}

/** Adds an fd to the thread's table and makes it the event's fd (libsinsp's add_fd). */
export function addFd(ctx: EvalContext, t: ThreadInfo, fd: number, info: FdInfo): void {
  t.fds.set(fd, info);
  t.lastEventFd = fd;
  ctx.fd = info;
}

// The last copy made per parameter name: repeated execs (a shell's children, a service's
// workers) carry the same args, env and cgroups, and one copy serves them all.
const lastCopies = new Map<string, Buffer>();

/**
 * A copy of a BYTEBUF parameter's bytes (args, env, cgroups) for a thread to split later;
 * undefined when absent. Equal bytes give the same copy as the last call for that name:
 * copies are shared, never changed.
 */
export function stringsBytes(evt: ScapEvent, name: string): Buffer | undefined {
  const i = evt.info?.paramIndex.get(name);
  if (i === undefined) return undefined;
  const b = evt.paramBytes(i);
  if (b === undefined) return undefined;
  const last = lastCopies.get(name);
  if (last !== undefined && last.equals(b)) return last;
  // copyBytesFrom copies natively; Buffer.from(view) copied byte by byte in JS
  const copy = Buffer.copyBytesFrom(b);
  lastCopies.set(name, copy);
  return copy;
}
