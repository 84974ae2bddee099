// Builds the large benchmark traces from the small legacy-suite ones, block by block:
// the source's header blocks once, then its event blocks over and over with timestamps
// shifted so they keep increasing. Event types that would break thread state across
// copies (procexit), scheduler noise (switch) and the capture-start procinfo burst are
// left out; container events are kept in the first copy only.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname } from 'node:path';
import { EVENT_INFO } from '../dist/events/event-info.js';
import { encodeEvent } from '../dist/events/event-encoder.js';
import { encodeBlock } from '../dist/capture/scap-writer.js';
import * as B from '../dist/capture/scap-block-types.js';

/** Event names never copied into a benchmark trace. */
export const LEFT_OUT = new Set(['procexit', 'switch', 'procinfo']);
/** Event names copied once (the first copy) only. */
const ONCE_ONLY = new Set(['container']);
const WRITE_CHUNK = 8 << 20;

/** Splits a .scap file (plain or gzip) into header blocks and event blocks. */
export function readBlocks(path) {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const header = [];
  const events = [];
  let p = 0;
  while (p + 12 <= buf.length) {
    const type = buf.readUInt32LE(p);
    const len = buf.readUInt32LE(p + 4);
    if (len < 12 || p + len > buf.length) throw new Error(`${path}: bad block at offset ${p}`);
    const block = buf.subarray(p, p + len);
    p += len;
    if (!B.isEventBlock(type)) {
      // header blocks before the first event; anything later (rare) is dropped
      if (events.length === 0) header.push(block);
      continue;
    }
    const e = 8 + (B.isFlaggedEventBlock(type) ? 6 : 2);
    const code = block.readUInt16LE(e + 20);
    events.push({ block, tsOff: e, code, name: EVENT_INFO[code]?.name ?? '?', ts: block.readBigUInt64LE(e) });
  }
  return { header, events };
}

/** Buffered block output to a file, written under a temporary name and renamed when complete. */
class BlockFile {
  constructor(path) {
    mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.tmp = `${path}.tmp`;
    this.fd = openSync(this.tmp, 'w');
    this.buf = Buffer.allocUnsafe(WRITE_CHUNK);
    this.used = 0;
  }
  /** Appends a block; with `ts` given, the block's event timestamp (at `tsOff`) is rewritten. */
  put(block, ts, tsOff) {
    if (this.used + block.length > this.buf.length) this.flush();
    if (block.length > this.buf.length) { writeSync(this.fd, block); return; }
    block.copy(this.buf, this.used);
    if (ts !== undefined) this.buf.writeBigUInt64LE(ts, this.used + tsOff);
    this.used += block.length;
  }
  flush() {
    if (this.used > 0) writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }
}

/**
 * Repeats the source's events until at least `minEvents` are written.
 * Returns { path, events, copies, bytes, counts } where counts maps event name -> events.
 */
export function buildRepeatedTrace(src, dst, minEvents) {
  const { header, events } = readBlocks(src);
  const kept = events.filter((e) => !LEFT_OUT.has(e.name));
  const repeated = kept.filter((e) => !ONCE_ONLY.has(e.name));
  if (repeated.length === 0) throw new Error(`${src}: no events to repeat`);
  // container events carry timestamp 0: the span comes from the repeated events only
  const span = repeated[repeated.length - 1].ts - repeated[0].ts + 1000n;
  const out = new BlockFile(dst);
  for (const h of header) out.put(h);
  let n = 0;
  const counts = new Map();
  let copies = 0;
  for (let k = 0; n < minEvents; k++, copies++) {
    const shift = BigInt(k) * span;
    for (const e of k === 0 ? kept : repeated) {
      out.put(e.block, e.ts + shift, e.tsOff);
      counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
      n++;
    }
  }
  out.close();
  return { path: dst, events: n, copies, bytes: statSync(dst).size, counts };
}

/**
 * An exec-heavy trace: the source's execve exit events, each preceded by a matching
 * (parameterless or filename-only) enter event, repeated until `minEvents`, 1 µs apart.
 */
export function buildExecTrace(src, dst, minEvents) {
  const { header, events } = readBlocks(src);
  const exits = events.filter((e) => (e.name === 'execve' || e.name === 'execveat') && (e.code & 1) === 1);
  if (exits.length === 0) throw new Error(`${src}: no execve exit event`);
  const pairs = exits.map((x) => {
    const enterCode = x.code - 1;
    const tid = Number(x.block.readBigInt64LE(x.tsOff + 8));
    const params = EVENT_INFO[enterCode].params.map((p) => (p.name === 'filename' ? Buffer.from('/bin/cat\0') : Buffer.alloc(0)));
    const body = Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0]), encodeEvent({ ts: 0n, tid, type: enterCode, params })]);
    return [{ block: encodeBlock(B.EVF_BLOCK_TYPE_V2, body), tsOff: 14 }, x];
  });
  const out = new BlockFile(dst);
  for (const h of header) out.put(h);
  let ts = exits[0].ts;
  let n = 0;
  while (n < minEvents) {
    for (const [enter, exit] of pairs) {
      out.put(enter.block, ts, enter.tsOff); ts += 1000n;
      out.put(exit.block, ts, exit.tsOff); ts += 1000n;
      n += 2;
    }
  }
  out.close();
  return { path: dst, events: n, copies: n / 2, bytes: statSync(dst).size, counts: new Map([['execve', n]]) };
}

/** The header blocks and the first kept event only: measures start-up. */
export function buildOneEventTrace(src, dst) {
  const { header, events } = readBlocks(src);
  const first = events.find((e) => !LEFT_OUT.has(e.name) && !ONCE_ONLY.has(e.name));
  const out = new BlockFile(dst);
  for (const h of header) out.put(h);
  out.put(first.block, first.ts, first.tsOff);
  out.close();
  return { path: dst, events: 1, copies: 1, bytes: statSync(dst).size, counts: new Map([[first.name, 1]]) };
}

/** Builds a trace unless a complete one (with its .json description) is already cached. */
export function cachedTrace(dst, build) {
  const meta = `${dst}.json`;
  if (existsSync(dst) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8'));
    return { ...m, counts: new Map(m.counts), cached: true };
  }
  const r = build();
  const fd = openSync(meta, 'w');
  writeSync(fd, JSON.stringify({ ...r, counts: [...r.counts] }));
  closeSync(fd);
  return { ...r, cached: false };
}
