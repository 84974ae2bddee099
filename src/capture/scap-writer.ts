// Writes .scap traces that Falco's tools read: a section header, machine info, a process
// list (and optionally fds, users, groups, interfaces), then one EVF_V2 block per event
// (EVF_V2_LARGE for large-payload event types). Output is buffered and written in large
// chunks; `gzip: true` compresses it as sysdig's -z does.
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import { once } from 'node:events';
import * as B from './scap-block-types.js';
import { ScapFdType, type FdRecord, type GroupRecord, type InterfaceRecord, type MachineInfo, type ThreadRecord, type UserRecord } from './scap-header-records.js';
import { encodeEvent, type RawEvent } from '../events/event-encoder.js';
import { EVENT_INFO } from '../events/event-info.js';
import { EVENT_HEADER_SIZE, type ScapEvent } from '../events/scap-event.js';

export interface ScapWriterOptions {
  machine?: Partial<MachineInfo>;
  threads?: readonly Partial<ThreadRecord>[];
  fds?: readonly FdRecord[];
  users?: readonly UserRecord[];
  groups?: readonly GroupRecord[];
  interfaces?: readonly InterfaceRecord[];
  gzip?: boolean;
}

const FLUSH_AT = 1 << 20;

// libscap refuses a process or fd list whose strings are longer than its buffers
// (SCAP_MAX_PATH_SIZE 1024 for paths and names, SCAP_MAX_ARGS_SIZE / SCAP_MAX_ENV_SIZE /
// SCAP_MAX_CGROUPS_SIZE 4096 for NUL-separated lists; older readers count the NUL too), so
// longer values are cut, as libscap cuts them when it reads /proc. A u16 length could not
// hold more than 64 KiB anyway: one long command line would otherwise corrupt the file.
const MAX_PATH_BYTES = 1023;
const MAX_LIST_BYTES = 4095;

/** Little-endian byte builder for one block body. */
class Bytes {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Uint8Array): this { const x = Buffer.from(b.buffer, b.byteOffset, b.length); this.parts.push(x); this.length += x.length; return this; }
  u8(v: number): this { return this.push(Buffer.from([v & 0xff])); }
  u16(v: number): this { const b = Buffer.alloc(2); b.writeUInt16LE(v); return this.push(b); }
  u32(v: number): this { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return this.push(b); }
  i64(v: number | bigint): this { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(v)); return this.push(b); }
  u64(v: number | bigint): this { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v))); return this.push(b); }
  /** u16 length + bytes, no NUL; cut to `max` bytes. */
  str16(s: string, max = MAX_PATH_BYTES): this {
    const b = Buffer.from(s, 'utf8');
    const n = Math.min(b.length, max);
    return this.u16(n).push(b.subarray(0, n));
  }
  /** u16 length + NUL-terminated items; cut to `max` bytes, the last kept byte a NUL. */
  list16(items: readonly string[], max = MAX_LIST_BYTES): this {
    let b = items.length ? Buffer.from(items.join('\0') + '\0', 'utf8') : Buffer.alloc(0);
    if (b.length > max) { b = Buffer.from(b.subarray(0, max)); b[max - 1] = 0; }
    return this.u16(b.length).push(b);
  }
  toBuffer(): Buffer { return Buffer.concat(this.parts, this.length); }
}

export function encodeBlock(type: number, body: Uint8Array): Buffer {
  const pad = (4 - (body.length % 4)) % 4;
  const total = 8 + body.length + pad + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(total, 4);
  out.set(body, 8);
  out.writeUInt32LE(total, total - 4);
  return out;
}

function threadEntry(t: Partial<ThreadRecord>): Buffer {
  const b = new Bytes();
  b.i64(t.tid ?? 0).i64(t.pid ?? t.tid ?? 0).i64(t.ptid ?? 0).i64(t.sid ?? 0).i64(t.vpgid ?? 0)
    .str16(t.comm ?? '').str16(t.exe ?? t.comm ?? '').str16(t.exepath ?? '').list16(t.args ?? []).str16(t.cwd ?? '/')
    .u64(t.fdlimit ?? 1024).u32(t.flags ?? 0).u32(t.uid ?? 0).u32(t.gid ?? 0)
    .u32(t.vmsizeKb ?? 0).u32(t.vmrssKb ?? 0).u32(t.vmswapKb ?? 0).u64(t.pfmajor ?? 0).u64(t.pfminor ?? 0)
    .list16(t.env ?? []).i64(t.vtid ?? t.tid ?? 0).i64(t.vpid ?? t.pid ?? t.tid ?? 0).list16(t.cgroups ?? []).str16(t.root ?? '/')
    // The pre-0.10 tail (loginuid, exe_writable, capabilities: 29 bytes) reads correctly
    // in both old and new libscap readers.
    .u32(t.loginuid ?? 0xffffffff).u8(t.exeWritable ? 1 : 0)
    .u64(t.capInheritable ?? 0n).u64(t.capPermitted ?? 0n).u64(t.capEffective ?? 0n);
  const body = b.toBuffer();
  const out = Buffer.alloc(4 + body.length);
  out.writeUInt32LE(out.length, 0);
  out.set(body, 4);
  return out;
}

function fdEntry(f: FdRecord): Buffer {
  const b = new Bytes();
  b.i64(f.fd).u64(f.ino).u8(f.type);
  const ip = (x: Uint8Array | undefined, n: number) => b.push(x && x.length === n ? x : Buffer.alloc(n));
  switch (f.type) {
    case ScapFdType.IPV4_SOCK: ip(f.sip, 4); ip(f.dip, 4); b.u16(f.sport ?? 0).u16(f.dport ?? 0).u8(f.l4proto ?? 0); break;
    case ScapFdType.IPV4_SERVSOCK: ip(f.sip, 4); b.u16(f.sport ?? 0).u8(f.l4proto ?? 0); break;
    case ScapFdType.IPV6_SOCK: ip(f.sip, 16); ip(f.dip, 16); b.u16(f.sport ?? 0).u16(f.dport ?? 0).u8(f.l4proto ?? 0); break;
    case ScapFdType.IPV6_SERVSOCK: ip(f.sip, 16); b.u16(f.sport ?? 0).u8(f.l4proto ?? 0); break;
    case ScapFdType.UNIX_SOCK: b.u64(f.source ?? 0n).u64(f.dest ?? 0n).str16(f.name ?? ''); break;
    case ScapFdType.FILE_V2: b.u32(f.openFlags ?? 0).str16(f.name ?? ''); if (f.dev !== undefined) b.u32(f.dev); break;
    case ScapFdType.UNKNOWN: break;
    default: b.str16(f.name ?? '');
  }
  const body = b.toBuffer();
  const out = Buffer.alloc(4 + body.length);
  out.writeUInt32LE(out.length, 0);
  out.set(body, 4);
  return out;
}

export class ScapWriter {
  private chunks: Buffer[] = [];
  private pending = 0;
  private closed = false;
  /** Events written. */
  count = 0;

  private constructor(private readonly out: WriteStream | Gzip, private readonly file: WriteStream) {}

  static async create(path: string, opts: ScapWriterOptions = {}): Promise<ScapWriter> {
    const file = createWriteStream(path);
    await once(file, 'open');
    let out: WriteStream | Gzip = file;
    if (opts.gzip) { const gz = createGzip(); gz.pipe(file); out = gz; }
    const w = new ScapWriter(out, file);
    w.writeHeader(opts);
    return w;
  }

  private writeHeader(o: ScapWriterOptions): void {
    const shb = Buffer.alloc(16);
    shb.writeUInt32LE(B.SHB_MAGIC, 0);
    shb.writeUInt16LE(B.SCAP_MAJOR_VERSION, 4);
    shb.writeUInt16LE(B.SCAP_MINOR_VERSION, 6);
    shb.writeBigInt64LE(-1n, 8);
    this.push(encodeBlock(B.SHB_BLOCK_TYPE, shb));

    const m = o.machine ?? {};
    const mi = Buffer.alloc(180);
    mi.writeUInt32LE(m.numCpus ?? 1, 0);
    mi.writeBigUInt64LE(m.memorySizeBytes ?? 0n, 4);
    mi.writeBigUInt64LE(m.maxPid ?? 0n, 12);
    mi.write((m.hostname ?? '').slice(0, 127), 20, 'utf8');
    mi.writeBigUInt64LE(m.bootTsEpoch ?? 0n, 148);
    mi.writeBigUInt64LE(m.flags ?? 0n, 156);
    this.push(encodeBlock(B.MI_BLOCK_TYPE, mi));

    this.push(encodeBlock(B.PL_BLOCK_TYPE_V9, Buffer.concat((o.threads ?? []).map(threadEntry))));

    const byTid = new Map<number, FdRecord[]>();
    for (const f of o.fds ?? []) { let l = byTid.get(f.tid); if (!l) byTid.set(f.tid, (l = [])); l.push(f); }
    for (const [tid, list] of byTid) {
      const head = Buffer.alloc(8);
      head.writeBigInt64LE(BigInt(tid));
      this.push(encodeBlock(B.FDL_BLOCK_TYPE_V2, Buffer.concat([head, ...list.map(fdEntry)])));
    }

    if (o.interfaces?.length) {
      const parts: Buffer[] = [];
      for (const i of o.interfaces) {
        const b = new Bytes();
        const n = Buffer.from(i.name, 'utf8');
        b.u16(i.family === 4 ? 1 : 2).u16(n.length).push(i.addr).push(i.netmask).push(i.bcast).u64(i.linkspeed).push(n);
        const body = b.toBuffer();
        const size = Buffer.alloc(4);
        size.writeUInt32LE(body.length);
        parts.push(size, body);
      }
      this.push(encodeBlock(B.IL_BLOCK_TYPE_V2, Buffer.concat(parts)));
    }

    if (o.users?.length || o.groups?.length) {
      const parts: Buffer[] = [];
      const entry = (b: Bytes) => { const body = b.toBuffer(); const s = Buffer.alloc(4); s.writeUInt32LE(body.length + 4); parts.push(s, body); };
      for (const u of o.users ?? []) entry(new Bytes().u8(0).u32(u.uid).u32(u.gid).str16(u.name).str16(u.homedir).str16(u.shell));
      for (const g of o.groups ?? []) entry(new Bytes().u8(1).u32(g.gid).str16(g.name));
      this.push(encodeBlock(B.UL_BLOCK_TYPE_V2, Buffer.concat(parts)));
    }
  }

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.pending += b.length;
  }

  private eventBlock(event: Uint8Array, type: number, cpu: number, flags: number): void {
    const large = EVENT_INFO[type]?.largePayload === true;
    const body = Buffer.alloc(6 + event.length);
    body.writeUInt16LE(cpu, 0);
    body.writeUInt32LE(flags >>> 0, 2);
    body.set(event, 6);
    this.push(encodeBlock(large ? B.EVF_BLOCK_TYPE_V2_LARGE : B.EVF_BLOCK_TYPE_V2, body));
    this.count++;
  }

  /** Writes an event built from parameter bytes. */
  writeRawEvent(e: RawEvent, cpu = 0, dumpFlags = 0): Promise<void> | undefined {
    this.eventBlock(encodeEvent(e), e.type, cpu, dumpFlags);
    return this.maybeFlush();
  }

  /** Copies an event read from a trace or a live source (re-encoded in the V2 layout). */
  writeEvent(evt: ScapEvent): Promise<void> | undefined {
    const buf = evt.buf;
    const lensBytes = evt.nparams * evt.lenSize;
    let data = 0;
    for (let i = 0; i < evt.nparams; i++) data += evt.paramLength(i);
    const lenSize = EVENT_INFO[evt.type]?.largePayload ? 4 : 2;
    const len = EVENT_HEADER_SIZE + evt.nparams * lenSize + data;
    const out = Buffer.allocUnsafe(len);
    buf.copy(out, 0, evt.hdrOff, evt.hdrOff + 20);
    out.writeUInt32LE(len, 16);
    out.writeUInt16LE(evt.type, 20);
    out.writeUInt32LE(evt.nparams, 22);
    if (lenSize === evt.lenSize) buf.copy(out, EVENT_HEADER_SIZE, evt.lensOff, evt.lensOff + lensBytes);
    else if (lenSize === 4) for (let i = 0; i < evt.nparams; i++) out.writeUInt32LE(evt.paramLength(i), EVENT_HEADER_SIZE + 4 * i);
    else for (let i = 0; i < evt.nparams; i++) out.writeUInt16LE(evt.paramLength(i), EVENT_HEADER_SIZE + 2 * i);
    const dataStart = evt.lensOff + lensBytes;
    buf.copy(out, EVENT_HEADER_SIZE + evt.nparams * lenSize, dataStart, dataStart + data);
    this.eventBlock(out, evt.type, evt.cpu, evt.dumpFlags);
    return this.maybeFlush();
  }

  private maybeFlush(): Promise<void> | undefined {
    return this.pending >= FLUSH_AT ? this.flush() : undefined;
  }

  /** Writes buffered blocks; resolves when the stream accepts more. */
  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const data = Buffer.concat(this.chunks, this.pending);
    this.chunks = [];
    this.pending = 0;
    if (!this.out.write(data)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    const done = once(this.file, 'close');
    this.out.end();
    await done;
  }
}
