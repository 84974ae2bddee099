// Shared shapes and helpers of the per-family parsers: the parser signature, PPM flag
// values libsinsp reads, and small readers for parameters by name.
import type { ScapEvent } from '../events/scap-event.js';
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
  if (i >= evt.nparams) return undefined;
  const b = evt.buf, ls = evt.lenSize;
  let o = evt.lensOff + evt.nparams * ls;
  for (let k = 0; k < i; k++) o += ls === 2 ? b.readUInt16LE(evt.lensOff + k * 2) : b.readUInt32LE(evt.lensOff + k * 4);
  const len = ls === 2 ? b.readUInt16LE(evt.lensOff + i * 2) : b.readUInt32LE(evt.lensOff + i * 4);
  if (len === 8) return b.readInt32LE(o + 4) * 4294967296 + b.readUInt32LE(o);
  if (len === 4) return b.readInt32LE(o);
  if (len === 2) return b.readInt16LE(o);
  if (len === 1) return b.readInt8(o);
  return undefined;
}

/** Adds an fd to the thread's table and makes it the event's fd (libsinsp's add_fd). */
export function addFd(ctx: EvalContext, t: ThreadInfo, fd: number, info: FdInfo): void {
  t.fds.set(fd, info);
  t.lastEventFd = fd;
  ctx.fd = info;
}

/** NUL-separated strings of a BYTEBUF parameter (args, env, cgroups). */
export function strings(evt: ScapEvent, name: string): string[] | undefined {
  const i = evt.info?.paramIndex.get(name);
  if (i === undefined) return undefined;
  const b = evt.paramBytes(i);
  if (b === undefined) return undefined;
  const out: string[] = [];
  let start = 0;
  for (let k = 0; k < b.length; k++) {
    if (b[k] === 0) { out.push(b.toString('utf8', start, k)); start = k + 1; }
  }
  if (start < b.length) out.push(b.toString('utf8', start));
  return out;
}
