// One open file descriptor as the state stage knows it: its kind (scap_fd_type), name, open
// flags, and for sockets the connection tuple and which end this process is. Kept as a
// plain mutable object so parsers update it in place (a UDP socket's tuple changes).
import { ScapFdType } from '../capture/scap-header-records.js';

export { ScapFdType };

/** Which end of a connection the holder of the socket is (libsinsp's FLAGS_ROLE_*). */
export const enum SocketRole { None = 0, Client = 1, Server = 2 }

/** scap_l4_proto values. */
export const L4Proto = { UNKNOWN: 0, TCP: 1, UDP: 2, ICMP: 3, RAW: 4 } as const;

const TYPE_CHARS: Record<number, string> = {
  [ScapFdType.FILE]: 'f', [ScapFdType.FILE_V2]: 'f', [ScapFdType.IPV4_SOCK]: '4', [ScapFdType.IPV6_SOCK]: '6',
  [ScapFdType.DIRECTORY]: 'd', [ScapFdType.IPV4_SERVSOCK]: '4', [ScapFdType.IPV6_SERVSOCK]: '6',
  [ScapFdType.FIFO]: 'p', [ScapFdType.UNIX_SOCK]: 'u', [ScapFdType.EVENT]: 'e', [ScapFdType.UNKNOWN]: 'o',
  [ScapFdType.UNSUPPORTED]: 'X', [ScapFdType.SIGNALFD]: 's', [ScapFdType.EVENTPOLL]: 'l',
  [ScapFdType.INOTIFY]: 'i', [ScapFdType.TIMERFD]: 't', [ScapFdType.NETLINK]: 'n', [ScapFdType.BPF]: 'b',
  [ScapFdType.USERFAULTFD]: 'u', [ScapFdType.IOURING]: 'r', [ScapFdType.MEMFD]: 'm', [ScapFdType.PIDFD]: 'P',
};

const TYPE_NAMES: Record<number, string> = {
  [ScapFdType.FILE]: 'file', [ScapFdType.FILE_V2]: 'file', [ScapFdType.DIRECTORY]: 'directory',
  [ScapFdType.IPV4_SOCK]: 'ipv4', [ScapFdType.IPV4_SERVSOCK]: 'ipv4', [ScapFdType.IPV6_SOCK]: 'ipv6',
  [ScapFdType.IPV6_SERVSOCK]: 'ipv6', [ScapFdType.UNIX_SOCK]: 'unix', [ScapFdType.FIFO]: 'pipe',
  [ScapFdType.EVENT]: 'event', [ScapFdType.SIGNALFD]: 'signalfd', [ScapFdType.EVENTPOLL]: 'eventpoll',
  [ScapFdType.INOTIFY]: 'inotify', [ScapFdType.TIMERFD]: 'timerfd', [ScapFdType.NETLINK]: 'netlink',
  [ScapFdType.BPF]: 'bpf', [ScapFdType.USERFAULTFD]: 'userfaultfd', [ScapFdType.IOURING]: 'io_uring',
  [ScapFdType.MEMFD]: 'memfd', [ScapFdType.PIDFD]: 'pidfd',
};

export function fdTypeChar(type: number): string { return TYPE_CHARS[type] ?? '?'; }
export function fdTypeName(type: number): string { return TYPE_NAMES[type] ?? '<NA>'; }

export class FdInfo {
  /** ScapFdType value. */
  type: number = ScapFdType.UNKNOWN;
  /** fd.name: absolute path, connection tuple text, unix path... */
  name = '';
  /** The path as the program gave it (fd.nameraw). */
  nameRaw = '';
  /** PPM_O_* flags the file was opened with. */
  openFlags = 0;
  dev = 0;
  ino = 0;
  /** Socket ends (network order bytes, 4 or 16). For server sockets `dip`/`dport` is the bound address. */
  sip: Uint8Array | undefined;
  dip: Uint8Array | undefined;
  sport = 0;
  dport = 0;
  /** L4Proto value. */
  l4proto = 0;
  role: SocketRole = SocketRole.None;
  /** Unix sockets: kernel addresses of this end and the peer. */
  unixSource = 0n;
  unixDest = 0n;
  connected = false;
  /** Set on the event that changed this fd's name (fd.name_changed). */
  nameChangedAt = -1;
  /** overlayfs layer of the file (open exit flags). */
  upperLayer = false;
  lowerLayer = false;
  /** Opened with O_CLOEXEC... kept for dup3 / fcntl, not used by fields. */
  cloexec = false;

  get typeChar(): string { return fdTypeChar(this.type); }
  get typeName(): string { return fdTypeName(this.type); }
  get isFile(): boolean { return this.type === ScapFdType.FILE || this.type === ScapFdType.FILE_V2; }
  get isDirectory(): boolean { return this.type === ScapFdType.DIRECTORY; }
  get isSocket(): boolean {
    const t = this.type;
    return t === ScapFdType.IPV4_SOCK || t === ScapFdType.IPV6_SOCK || t === ScapFdType.IPV4_SERVSOCK || t === ScapFdType.IPV6_SERVSOCK || t === ScapFdType.UNIX_SOCK;
  }
  get isIpSocket(): boolean { return this.type === ScapFdType.IPV4_SOCK || this.type === ScapFdType.IPV6_SOCK; }
  get isServerSocket(): boolean { return this.type === ScapFdType.IPV4_SERVSOCK || this.type === ScapFdType.IPV6_SERVSOCK; }

  /** A copy for fork (the child gets its own table) and dup. */
  clone(): FdInfo {
    const c = new FdInfo();
    Object.assign(c, this);
    return c;
  }
}
