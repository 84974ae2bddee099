// Typed records of a trace's header blocks (machine info, process list, fd list, users,
// groups, interfaces): what the state stage seeds its tables from before the events.

export interface SectionHeader {
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly sectionLength: bigint;
}

export interface MachineInfo {
  readonly numCpus: number;
  readonly memorySizeBytes: bigint;
  readonly maxPid: bigint;
  readonly hostname: string;
  readonly bootTsEpoch: bigint;
  readonly flags: bigint;
}

/** One thread of the process list snapshot (fields absent from older layouts keep libscap's defaults). */
export interface ThreadRecord {
  tid: number;
  pid: number;
  ptid: number;
  sid: number;
  vpgid: number;
  pgid: number;
  comm: string;
  /** argv[0]. */
  exe: string;
  exepath: string;
  /** argv[1..]. */
  args: string[];
  cwd: string;
  fdlimit: number;
  flags: number;
  uid: number;
  gid: number;
  vmsizeKb: number;
  vmrssKb: number;
  vmswapKb: number;
  pfmajor: number;
  pfminor: number;
  env: string[];
  vtid: number;
  vpid: number;
  /** `subsystem=path` entries. */
  cgroups: string[];
  root: string;
  pidnsInitStartTs: bigint;
  tty: number;
  loginuid: number;
  exeWritable: boolean;
  capInheritable: bigint;
  capPermitted: bigint;
  capEffective: bigint;
  exeUpperLayer: boolean;
  exeLowerLayer: boolean;
  exeFromMemfd: boolean;
  exeIno: bigint;
  exeInoCtime: bigint;
  exeInoMtime: bigint;
  /** Proclist layout version the record came from (1..9). */
  layoutVersion: number;
}

/** scap_fd_type values. */
export const ScapFdType = {
  UNKNOWN: 0, FILE: 1, DIRECTORY: 2, IPV4_SOCK: 3, IPV6_SOCK: 4, IPV4_SERVSOCK: 5, IPV6_SERVSOCK: 6,
  FIFO: 7, UNIX_SOCK: 8, EVENT: 9, UNSUPPORTED: 10, SIGNALFD: 11, EVENTPOLL: 12, INOTIFY: 13,
  TIMERFD: 14, NETLINK: 15, FILE_V2: 16, BPF: 17, USERFAULTFD: 18, IOURING: 19, MEMFD: 20, PIDFD: 21,
} as const;

/** One open fd of a thread in the fd list snapshot. */
export interface FdRecord {
  tid: number;
  fd: number;
  ino: bigint;
  /** ScapFdType value. */
  type: number;
  /** Path or name (files, directories, fifos, unix sockets, anonymous fds). */
  name?: string;
  /** FILE_V2: PPM_O_* open flags, device. */
  openFlags?: number;
  dev?: number;
  /** IPv4/IPv6 sockets: addresses in network order, ports, scap_l4_proto. */
  sip?: Uint8Array;
  dip?: Uint8Array;
  sport?: number;
  dport?: number;
  l4proto?: number;
  /** Unix sockets: kernel addresses of the two ends. */
  source?: bigint;
  dest?: bigint;
}

export interface UserRecord { uid: number; gid: number; name: string; homedir: string; shell: string }
export interface GroupRecord { gid: number; name: string }

export interface InterfaceRecord {
  /** 4 or 6. */
  family: 4 | 6;
  name: string;
  addr: Uint8Array;
  netmask: Uint8Array;
  bcast: Uint8Array;
  linkspeed: bigint;
}

/** Everything before the first event block. */
export interface ScapHeader {
  section: SectionHeader;
  machine?: MachineInfo;
  threads: ThreadRecord[];
  fds: FdRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
  interfaces: InterfaceRecord[];
  /** Block types seen in the header that this reader skipped. */
  skippedBlockTypes: number[];
}

export function newThreadRecord(): ThreadRecord {
  return {
    tid: 0, pid: 0, ptid: 0, sid: -1, vpgid: -1, pgid: -1, comm: '', exe: '', exepath: '', args: [], cwd: '',
    fdlimit: 0, flags: 0, uid: 0, gid: 0, vmsizeKb: 0, vmrssKb: 0, vmswapKb: 0, pfmajor: 0, pfminor: 0,
    env: [], vtid: -1, vpid: -1, cgroups: [], root: '', pidnsInitStartTs: 0n, tty: 0, loginuid: 0xffffffff,
    exeWritable: false, capInheritable: 0n, capPermitted: 0n, capEffective: 0n, exeUpperLayer: false,
    exeLowerLayer: false, exeFromMemfd: false, exeIno: 0n, exeInoCtime: 0n, exeInoMtime: 0n, layoutVersion: 9,
  };
}
