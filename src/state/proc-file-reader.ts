// Synchronous reads of /proc files and links for the start-up scan. /proc files report a
// size of 0, so they are read into one shared, growing buffer instead of readFileSync's
// per-call allocations; failures return undefined and leave the errno code in `lastError`
// (a process that exits mid-scan gives ENOENT or ESRCH: normal, never thrown).
import { closeSync, openSync, readSync, readlinkSync, readdirSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { splitNul } from '../events/param-decoders.js';

let buf = Buffer.allocUnsafe(64 * 1024);

/** errno code of the last failed read ('' after a success). */
export let lastError = '';

function fail(e: unknown): undefined {
  lastError = (e as NodeJS.ErrnoException).code ?? 'EIO';
  return undefined;
}

/** Whole file as bytes in the shared buffer: [0, length). The view is valid until the next read. */
export function readProcBytes(path: string): Buffer | undefined {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch (e) { return fail(e); }
  try {
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const want = buf.length - len;
      const n = readSync(fd, buf, len, want, null);
      len += n;
      // /proc handlers fill the buffer as far as they can: a short read is the end, which
      // saves the extra read() returning 0 on every file
      if (n < want) break;
    }
    lastError = '';
    return buf.subarray(0, len);
  } catch (e) {
    return fail(e);
  } finally {
    closeSync(fd);
  }
}

export function readProcText(path: string): string | undefined {
  const b = readProcBytes(path);
  return b === undefined ? undefined : b.toString('utf8');
}

/** NUL-separated strings (cmdline, environ), the trailing empty one dropped. */
export function readProcStrings(path: string): string[] | undefined {
  const b = readProcBytes(path);
  return b === undefined ? undefined : splitNul(b);
}

export function readLink(path: string): string | undefined {
  try {
    const r = readlinkSync(path);
    lastError = '';
    return r;
  } catch (e) { return fail(e); }
}

export function readDir(path: string): string[] | undefined {
  try {
    const r = readdirSync(path);
    lastError = '';
    return r;
  } catch (e) { return fail(e); }
}

/** True when the last failure means the process or fd is gone. */
export function lastErrorIsGone(): boolean {
  return lastError === 'ENOENT' || lastError === 'ESRCH';
}

/** stat() that reports failures (gone, permission) as undefined. */
export function statQuiet(path: string): Stats | undefined {
  try {
    const r = statSync(path);
    lastError = '';
    return r;
  } catch (e) { return fail(e); }
}

export function statQuietBig(path: string): BigIntStats | undefined {
  try {
    const r = statSync(path, { bigint: true });
    lastError = '';
    return r;
  } catch (e) { return fail(e); }
}
