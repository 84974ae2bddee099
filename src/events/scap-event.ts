// A lazy view of one scap-encoded event inside a shared buffer. Nothing is decoded when
// the view is made; a parameter is decoded the first time it is read and then cached.
// Offsets are computed once, on the first parameter access, from the length array.
import { EVENT_INFO, type EventInfo, type EventDirection } from './event-info.js';
import { PARAM_DECODERS, readI64, readU32, type ParamValue } from './param-decoders.js';
import { PT_DYN, PT_NONE } from './event-table.js';
import { PPM_SC_NAMES, X86_64_SYSCALL_NAMES } from './syscall-table.js';

/** Size of the event header in V2 blocks and live streams: ts u64, tid u64, len u32, type u16, nparams u32. */
export const EVENT_HEADER_SIZE = 26;
/** Size of the header of V1 blocks (no nparams). */
export const EVENT_HEADER_SIZE_V1 = 22;
/** Generic events' codes (evt.type is the syscall name taken from their ID parameter). */
export const PPME_GENERIC_E = 0;
export const PPME_GENERIC_X = 1;
/** Dump flag: the event only updates state; Falco evaluates no rule on it (fatfile captures). */
export const SCAP_DF_STATE_ONLY = 1;

const EMPTY_OFFS = new Uint32Array(0);
const EMPTY_HEADER = Buffer.alloc(EVENT_HEADER_SIZE);
/** Syscall names generic events may report (a set: `name` is read per event by rules). */
const PPM_SC_NAME_SET: ReadonlySet<string> = new Set(PPM_SC_NAMES.filter((n) => n));

export class ScapEvent {
  // The fields below are plain properties rather than readonly so that one view can be
  // moved from event to event (`reset`): the replay hot path makes no object per event.
  /** Event code (PPME_*). */
  type: number;
  /** Buffer holding the event (shared with other events of the batch). */
  buf: Buffer;
  /** Offset of the event header in `buf`. */
  hdrOff: number;
  /** Offset of the parameter length array in `buf`. */
  lensOff: number;
  /** Number of parameters the event carries (may be fewer than the schema lists). */
  nparams: number;
  /** Width of each parameter length: 2, or 4 for large-payload events in V2 blocks. */
  lenSize: 2 | 4;
  /** Position in the stream, 1-based, counting every event read (evt.num). */
  num: number;
  /** CPU the event was captured on. */
  cpu: number;
  /** Dump flags of EVF blocks (SCAP_DF_*). */
  dumpFlags: number;
  // Parameter offsets, valid for the current event when offsReady; grown, never shrunk.
  private offs: Uint32Array = EMPTY_OFFS;
  private offsReady = false;
  // Decoded values: vals[i] belongs to the current event when stamps[i] === gen.
  private vals: ParamValue[] = [];
  private stamps: Uint32Array = EMPTY_OFFS;
  private gen = 1;

  constructor(buf: Buffer, hdrOff: number, lensOff: number, nparams: number, lenSize: 2 | 4, num: number, cpu: number, dumpFlags: number) {
    this.buf = buf;
    this.hdrOff = hdrOff;
    this.lensOff = lensOff;
    this.nparams = nparams;
    this.lenSize = lenSize;
    this.num = num;
    this.cpu = cpu;
    this.dumpFlags = dumpFlags;
    this.type = buf[hdrOff + 20] | (buf[hdrOff + 21] << 8);
  }

  /** A view to be pointed at events with `reset` (it shows an empty event until then). */
  static reusable(): ScapEvent {
    return new ScapEvent(EMPTY_HEADER, 0, EVENT_HEADER_SIZE, 0, 2, 0, 0, 0);
  }

  /**
   * Points this view at another event, forgetting what was decoded for the previous one.
   * Whoever holds the view sees the new event: callers that reuse a view must not keep it
   * across events (the state's EvalContext is valid for one event anyway).
   */
  reset(buf: Buffer, hdrOff: number, lensOff: number, nparams: number, lenSize: 2 | 4, num: number, cpu: number, dumpFlags: number): this {
    this.buf = buf;
    this.hdrOff = hdrOff;
    this.lensOff = lensOff;
    this.nparams = nparams;
    this.lenSize = lenSize;
    this.num = num;
    this.cpu = cpu;
    this.dumpFlags = dumpFlags;
    this.type = buf[hdrOff + 20] | (buf[hdrOff + 21] << 8);
    this.offsReady = false;
    if (++this.gen === 0xffffffff) { this.gen = 1; this.stamps.fill(0); }
    return this;
  }

  /** Timestamp, ns since the epoch. */
  get ts(): bigint { return this.buf.readBigUInt64LE(this.hdrOff); }
  /** Timestamp as a JS number (ms precision lost past 2^53 ns; fine for ordering and rates). */
  get tsNumber(): number { return readU32(this.buf, this.hdrOff + 4) * 4294967296 + readU32(this.buf, this.hdrOff); }
  /** Thread id that generated the event. */
  get tid(): number { return readI64(this.buf, this.hdrOff + 8); }
  /** Event length as carried in its header (V1 blocks: without the nparams field). */
  get len(): number { return readU32(this.buf, this.hdrOff + 16); }
  get info(): EventInfo | undefined { return EVENT_INFO[this.type]; }
  get dir(): EventDirection { return (this.type & 1) === 0 ? '>' : '<'; }
  get stateOnly(): boolean { return (this.dumpFlags & SCAP_DF_STATE_ONLY) !== 0; }

  /**
   * The name evt.type reports: the schema name, or for generic events the syscall's name
   * (when the syscall id is unknown, the x86_64 native number is used, as libsinsp does
   * when it replays a capture).
   */
  get name(): string {
    if (this.type === PPME_GENERIC_E || this.type === PPME_GENERIC_X) {
      const id = this.getParam(0);
      if (typeof id === 'number' && id !== 0 && PPM_SC_NAMES[id]) return PPM_SC_NAMES[id];
      const native = this.getParam(1);
      if (typeof native === 'number') {
        const n = X86_64_SYSCALL_NAMES[native];
        if (n && PPM_SC_NAME_SET.has(n)) return n;
      }
      return 'unknown';
    }
    return EVENT_INFO[this.type]?.name ?? 'unknown';
  }

  paramLength(i: number): number {
    const b = this.buf;
    if (this.lenSize === 2) { const p = this.lensOff + 2 * i; return b[p] | (b[p + 1] << 8); }
    return readU32(b, this.lensOff + 4 * i);
  }

  /** Offset in `buf` of parameter i's bytes. */
  paramOffset(i: number): number {
    if (!this.offsReady) this.computeOffsets();
    return this.offs[i];
  }

  private computeOffsets(): void {
    const n = this.nparams;
    let offs = this.offs;
    if (offs.length < n) offs = this.offs = new Uint32Array(Math.max(16, n));
    let p = this.lensOff + n * this.lenSize;
    for (let k = 0; k < n; k++) { offs[k] = p; p += this.paramLength(k); }
    this.offsReady = true;
  }

  /** Raw bytes of parameter i (zero-copy), or undefined past the parameters carried. */
  paramBytes(i: number): Buffer | undefined {
    if (i < 0 || i >= this.nparams) return undefined;
    const o = this.paramOffset(i);
    return this.buf.subarray(o, o + this.paramLength(i));
  }

  /**
   * Parameter i decoded by its schema type; undefined when the event carries fewer
   * parameters (older layouts), when it is empty, or when the type is unknown.
   */
  getParam(i: number): ParamValue {
    if (i < 0 || i >= this.nparams) return undefined;
    let stamps = this.stamps;
    if (i >= stamps.length) {
      const grown = new Uint32Array(Math.max(16, this.nparams));
      grown.set(stamps);
      stamps = this.stamps = grown;
    }
    if (stamps[i] === this.gen) return this.vals[i];
    const v = this.decode(i);
    this.vals[i] = v;
    stamps[i] = this.gen;
    return v;
  }

  /** Parameter by schema name (`fd`, `name`, `res`…), first occurrence. */
  param(name: string): ParamValue {
    const i = EVENT_INFO[this.type]?.paramIndex.get(name);
    return i === undefined ? undefined : this.getParam(i);
  }

  /** All carried parameters, decoded (convenience for tools and tests, not the hot path). */
  get params(): readonly ParamValue[] {
    const out: ParamValue[] = [];
    for (let i = 0; i < this.nparams; i++) out.push(this.getParam(i));
    return out;
  }

  /** PT_* type of parameter i, resolving PT_DYN through its selector byte. */
  paramType(i: number): number {
    const pi = EVENT_INFO[this.type]?.params[i];
    if (pi === undefined) return PT_NONE;
    if (pi.type !== PT_DYN) return pi.type;
    const len = i < this.nparams ? this.paramLength(i) : 0;
    if (len === 0 || !pi.dynamic) return PT_NONE;
    return pi.dynamic[this.buf[this.paramOffset(i)]]?.[0] ?? PT_NONE;
  }

  private decode(i: number): ParamValue {
    const pi = EVENT_INFO[this.type]?.params[i];
    const len = this.paramLength(i);
    if (pi === undefined || len === 0) return undefined;
    const off = this.paramOffset(i);
    if (pi.type === PT_DYN) {
      const t = pi.dynamic?.[this.buf[off]]?.[0];
      return t === undefined ? undefined : PARAM_DECODERS[t](this.buf, off + 1, len - 1);
    }
    return PARAM_DECODERS[pi.type](this.buf, off, len);
  }
}

