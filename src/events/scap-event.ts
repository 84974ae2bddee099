// A lazy view of one scap-encoded event inside a shared buffer. Nothing is decoded when
// the view is made; a parameter is decoded the first time it is read and then cached.
// Offsets are computed once, on the first parameter access, from the length array.
import { EVENT_INFO, type EventInfo, type EventDirection } from './event-info.js';
import { PARAM_DECODERS, type ParamValue } from './param-decoders.js';
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

const NOT_DECODED: unique symbol = Symbol('not decoded');
type Slot = ParamValue | typeof NOT_DECODED;

export class ScapEvent {
  /** Event code (PPME_*). */
  readonly type: number;
  private offs: Uint32Array | null = null;
  private vals: Slot[] | null = null;

  constructor(
    /** Buffer holding the event (shared with other events of the batch). */
    readonly buf: Buffer,
    /** Offset of the event header in `buf`. */
    readonly hdrOff: number,
    /** Offset of the parameter length array in `buf`. */
    readonly lensOff: number,
    /** Number of parameters the event carries (may be fewer than the schema lists). */
    readonly nparams: number,
    /** Width of each parameter length: 2, or 4 for large-payload events in V2 blocks. */
    readonly lenSize: 2 | 4,
    /** Position in the stream, 1-based, counting every event read (evt.num). */
    readonly num: number,
    /** CPU the event was captured on. */
    readonly cpu: number,
    /** Dump flags of EVF blocks (SCAP_DF_*). */
    readonly dumpFlags: number,
  ) {
    this.type = buf.readUInt16LE(hdrOff + 20);
  }

  /** Timestamp, ns since the epoch. */
  get ts(): bigint { return this.buf.readBigUInt64LE(this.hdrOff); }
  /** Timestamp as a JS number (ms precision lost past 2^53 ns; fine for ordering and rates). */
  get tsNumber(): number { return this.buf.readUInt32LE(this.hdrOff + 4) * 4294967296 + this.buf.readUInt32LE(this.hdrOff); }
  /** Thread id that generated the event. */
  get tid(): number { return this.buf.readInt32LE(this.hdrOff + 12) * 4294967296 + this.buf.readUInt32LE(this.hdrOff + 8); }
  /** Event length as carried in its header (V1 blocks: without the nparams field). */
  get len(): number { return this.buf.readUInt32LE(this.hdrOff + 16); }
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
        if (n && PPM_SC_NAMES.includes(n)) return n;
      }
      return 'unknown';
    }
    return EVENT_INFO[this.type]?.name ?? 'unknown';
  }

  paramLength(i: number): number {
    const p = this.lensOff + i * this.lenSize;
    return this.lenSize === 2 ? this.buf.readUInt16LE(p) : this.buf.readUInt32LE(p);
  }

  /** Offset in `buf` of parameter i's bytes. */
  paramOffset(i: number): number {
    let offs = this.offs;
    if (offs === null) {
      offs = this.offs = new Uint32Array(this.nparams);
      let p = this.lensOff + this.nparams * this.lenSize;
      for (let k = 0; k < this.nparams; k++) { offs[k] = p; p += this.paramLength(k); }
    }
    return offs[i];
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
    let vals = this.vals;
    if (vals === null) vals = this.vals = new Array<Slot>(this.nparams).fill(NOT_DECODED);
    const v = vals[i];
    if (v !== NOT_DECODED) return v;
    return (vals[i] = this.decode(i));
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
