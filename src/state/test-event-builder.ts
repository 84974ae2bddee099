// Builds scap-encoded events for tests: parameters given by name, encoded by the schema's
// types, in a fresh buffer, wrapped in a ScapEvent view. Not for production paths.
import { EVENT_INFO } from '../events/event-info.js';
import * as T from '../events/event-table.js';
import { ScapEvent } from '../events/scap-event.js';

export type TestParam = number | bigint | string | string[] | Uint8Array | undefined;

let nextNum = 1;

function encode(type: number, v: TestParam): Buffer {
  if (v === undefined) return Buffer.alloc(0);
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (Array.isArray(v)) return Buffer.from(v.map((s) => s + '\0').join(''), 'utf8');
  switch (type) {
    case T.PT_CHARBUF: case T.PT_FSPATH: case T.PT_FSRELPATH: return Buffer.from(String(v) + '\0', 'utf8');
    case T.PT_BYTEBUF: return Buffer.from(String(v), 'utf8');
    case T.PT_INT8: case T.PT_UINT8: case T.PT_FLAGS8: case T.PT_ENUMFLAGS8: case T.PT_SIGTYPE: case T.PT_L4PROTO: case T.PT_SOCKFAMILY:
      return Buffer.from([Number(v) & 0xff]);
    case T.PT_INT16: case T.PT_UINT16: case T.PT_FLAGS16: case T.PT_ENUMFLAGS16: case T.PT_PORT: case T.PT_SYSCALLID: {
      const b = Buffer.alloc(2); b.writeUInt16LE(Number(v) & 0xffff); return b;
    }
    case T.PT_INT32: case T.PT_UINT32: case T.PT_FLAGS32: case T.PT_ENUMFLAGS32: case T.PT_UID: case T.PT_GID: case T.PT_MODE:
    case T.PT_FD32: case T.PT_PID32: case T.PT_BOOL: case T.PT_SIGSET: {
      const b = Buffer.alloc(4); b.writeUInt32LE(Number(v) >>> 0); return b;
    }
    default: {
      const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt.asIntN(64, BigInt(v))); return b;
    }
  }
}

/** An event of schema id `id` (e.g. 'SYSCALL_OPEN_X') from thread `tid` at `ts`. */
export function testEvent(id: string, tid: number, params: Record<string, TestParam>, ts = 1_000_000_000n): ScapEvent {
  const info = EVENT_INFO.find((e) => e.id === id);
  if (!info) throw new Error(`no event ${id}`);
  const parts = info.params.map((p) => encode(p.type, params[p.name]));
  const lenSize = 2;
  const hdr = 26;
  const total = hdr + parts.length * lenSize + parts.reduce((n, p) => n + p.length, 0);
  const buf = Buffer.alloc(total);
  buf.writeBigUInt64LE(ts, 0);
  buf.writeBigUInt64LE(BigInt(tid), 8);
  buf.writeUInt32LE(total, 16);
  buf.writeUInt16LE(info.code, 20);
  buf.writeUInt32LE(parts.length, 22);
  let o = hdr;
  for (const p of parts) { buf.writeUInt16LE(p.length, o); o += lenSize; }
  for (const p of parts) { p.copy(buf, o); o += p.length; }
  return new ScapEvent(buf, 0, hdr, parts.length, 2, nextNum++, 0, 0);
}
