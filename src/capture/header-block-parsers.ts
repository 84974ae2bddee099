// Parsers for the header blocks of a .scap file, one per block kind, covering every
// layout version libscap has written (the field order of each version is a fact of the
// file format; fields a version lacks keep the defaults of newThreadRecord()).
import { BlockCursor } from './block-cursor.js';
import * as B from './scap-block-types.js';
import {
  newThreadRecord, ScapFdType,
  type MachineInfo, type ThreadRecord, type FdRecord, type UserRecord, type GroupRecord, type InterfaceRecord,
} from './scap-header-records.js';

const MAX_PATH = 1024;
const MAX_ARGS = 4096;
const MAX_ENV = 4096;
const MAX_CGROUPS = 4096;
const MAX_CRED = 256;

export function parseMachineInfo(c: BlockCursor): MachineInfo {
  const numCpus = c.u32();
  const memorySizeBytes = c.big64();
  const maxPid = c.big64();
  const h = c.bytes(128);
  const z = h.indexOf(0);
  const hostname = h.toString('utf8', 0, z < 0 ? 128 : z);
  const bootTsEpoch = c.remaining >= 8 ? c.big64() : 0n;
  const flags = c.remaining >= 8 ? c.big64() : 0n;
  return { numCpus, memorySizeBytes, maxPid, hostname, bootTsEpoch, flags };
}

export function parseProcList(c: BlockCursor, blockType: number, out: ThreadRecord[]): void {
  const v = B.PROCLIST_VERSION.get(blockType) ?? 9;
  while (c.remaining >= 4) {
    const start = c.pos;
    const t = newThreadRecord();
    t.layoutVersion = v;
    const subLen = v === 9 ? c.u32() : 0;
    t.tid = c.i64(); t.pid = c.i64(); t.ptid = c.i64();
    if (v >= 6) t.sid = c.i64();
    if (v >= 8) t.vpgid = c.i64();
    t.comm = c.str16(MAX_PATH);
    t.exe = c.str16(MAX_PATH);
    if (v >= 7) t.exepath = c.str16(MAX_PATH);
    t.args = c.list16(MAX_ARGS);
    t.cwd = c.str16(MAX_PATH);
    t.fdlimit = c.i64();
    t.flags = c.u32();
    t.uid = c.u32();
    t.gid = c.u32();
    if (v >= 2) {
      t.vmsizeKb = c.u32(); t.vmrssKb = c.u32(); t.vmswapKb = c.u32();
      t.pfmajor = c.u64(); t.pfminor = c.u64();
      if (v >= 3) t.env = c.list16(MAX_ENV);
      if (v >= 4) {
        t.vtid = c.i64(); t.vpid = c.i64();
        t.cgroups = c.list16(MAX_CGROUPS);
        if (v >= 5) t.root = c.str16(MAX_PATH);
      }
    }
    if (subLen) {
      const has = (n: number) => c.pos - start + n <= subLen;
      // Writers of libs >= 0.10 put pidns_init_start_ts and tty before loginuid; older V9
      // writers left at most the 29 bytes of loginuid..cap_effective after the root.
      const pre010 = subLen - (c.pos - start) <= 29;
      if (!pre010) {
        if (has(8)) t.pidnsInitStartTs = c.big64();
        if (has(4)) t.tty = c.u32();
      }
      if (has(4)) t.loginuid = c.u32();
      if (has(1)) t.exeWritable = c.u8() !== 0;
      if (has(8)) t.capInheritable = c.big64();
      if (has(8)) t.capPermitted = c.big64();
      if (has(8)) t.capEffective = c.big64();
      if (has(1)) t.exeUpperLayer = c.u8() !== 0;
      if (has(8)) t.exeIno = c.big64();
      if (has(8)) t.exeInoCtime = c.big64();
      if (has(8)) t.exeInoMtime = c.big64();
      if (has(1)) t.exeFromMemfd = c.u8() !== 0;
      if (has(1)) t.exeLowerLayer = c.u8() !== 0;
      if (has(8)) t.pgid = c.i64();
      const read = c.pos - start;
      if (read > subLen) c.fail(`process entry longer (${read}) than its declared length ${subLen}`);
      c.skip(subLen - read);
    }
    out.push(t);
  }
}

export function parseFdList(c: BlockCursor, blockType: number, out: FdRecord[]): void {
  const tid = c.i64();
  const v2 = blockType === B.FDL_BLOCK_TYPE_V2;
  while (c.remaining >= 4) {
    const start = c.pos;
    const subLen = v2 ? c.u32() : 0;
    const fd: FdRecord = { tid, fd: c.i64(), ino: c.big64(), type: c.u8() };
    switch (fd.type) {
      case ScapFdType.IPV4_SOCK:
        fd.sip = c.bytes(4); fd.dip = c.bytes(4); fd.sport = c.u16(); fd.dport = c.u16(); fd.l4proto = c.u8();
        break;
      case ScapFdType.IPV4_SERVSOCK:
        fd.sip = c.bytes(4); fd.sport = c.u16(); fd.l4proto = c.u8();
        break;
      case ScapFdType.IPV6_SOCK:
        fd.sip = c.bytes(16); fd.dip = c.bytes(16); fd.sport = c.u16(); fd.dport = c.u16(); fd.l4proto = c.u8();
        break;
      case ScapFdType.IPV6_SERVSOCK:
        fd.sip = c.bytes(16); fd.sport = c.u16(); fd.l4proto = c.u8();
        break;
      case ScapFdType.UNIX_SOCK:
        fd.source = c.big64(); fd.dest = c.big64(); fd.name = c.str16(MAX_PATH);
        break;
      case ScapFdType.FILE_V2:
        fd.openFlags = c.u32(); fd.name = c.str16(MAX_PATH);
        if (subLen && c.pos - start + 4 <= subLen) fd.dev = c.u32();
        break;
      case ScapFdType.UNKNOWN:
        break;
      default:
        if (fd.type <= ScapFdType.PIDFD) fd.name = c.str16(MAX_PATH);
        else { fd.name = `unknown-type:[${fd.type}]`; fd.type = ScapFdType.UNSUPPORTED; }
    }
    if (subLen) {
      const read = c.pos - start;
      if (read > subLen) c.fail(`fd entry longer (${read}) than its declared length ${subLen}`);
      c.skip(subLen - read);
    }
    out.push(fd);
  }
}

export function parseUserList(c: BlockCursor, blockType: number, users: UserRecord[], groups: GroupRecord[]): void {
  const v2 = blockType === B.UL_BLOCK_TYPE_V2;
  while (c.remaining >= 4) {
    const start = c.pos;
    const subLen = v2 ? c.u32() : 0;
    const kind = c.u8();
    if (kind === 0) {
      users.push({ uid: c.u32(), gid: c.u32(), name: c.str16(MAX_CRED - 1), homedir: c.str16(MAX_CRED - 1), shell: c.str16(MAX_CRED - 1) });
    } else {
      groups.push({ gid: c.u32(), name: c.str16(MAX_CRED - 1) });
    }
    if (subLen) {
      const read = c.pos - start;
      if (read > subLen) c.fail(`user entry longer (${read}) than its declared length ${subLen}`);
      c.skip(subLen - read);
    }
  }
}

const II_IPV4 = 1, II_IPV6 = 2, II_IPV4_NOLINKSPEED = 3, II_IPV6_NOLINKSPEED = 4;

export function parseInterfaceList(c: BlockCursor, blockType: number, out: InterfaceRecord[]): void {
  const v2 = blockType === B.IL_BLOCK_TYPE_V2;
  while (c.remaining >= 4) {
    const entry = v2 ? c.u32() : 0;
    const start = c.pos;
    const type = c.u16();
    const nameLen = c.u16();
    if (nameLen >= MAX_PATH) c.fail(`interface name length ${nameLen} too large`);
    let rec: InterfaceRecord;
    if (type === II_IPV4 || type === II_IPV4_NOLINKSPEED) {
      const addr = c.bytes(4), netmask = c.bytes(4), bcast = c.bytes(4);
      const linkspeed = type === II_IPV4 ? c.big64() : 0n;
      rec = { family: 4, addr, netmask, bcast, linkspeed, name: '' };
    } else if (type === II_IPV6 || type === II_IPV6_NOLINKSPEED) {
      const addr = c.bytes(16), netmask = c.bytes(16), bcast = c.bytes(16);
      const linkspeed = type === II_IPV6 ? c.big64() : 0n;
      rec = { family: 6, addr, netmask, bcast, linkspeed, name: '' };
    } else {
      c.fail(`unknown interface type ${type}`);
    }
    const nb = c.bytes(nameLen);
    const z = nb.indexOf(0);
    rec.name = nb.toString('utf8', 0, z < 0 ? nameLen : z);
    if (v2) {
      const read = c.pos - start;
      if (read > entry) c.fail(`interface entry longer (${read}) than its declared length ${entry}`);
      c.skip(entry - read);
    }
    out.push(rec);
  }
}
