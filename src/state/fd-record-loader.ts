// Turns an fd of a trace's fd list into an FdInfo, naming sockets the way libsinsp does
// (tuples for connected IP sockets, `ip:port` for listening ones, the path for unix ones).
import type { FdRecord } from '../capture/scap-header-records.js';
import { FdInfo, L4Proto, ScapFdType, SocketRole } from './fd-info.js';
import { isV4Mapped, serverText, tupleText } from './ip-format.js';

export function fdFromRecord(r: FdRecord): FdInfo {
  const f = new FdInfo();
  f.type = r.type;
  f.ino = Number(r.ino);
  switch (r.type) {
    case ScapFdType.IPV4_SOCK:
    case ScapFdType.IPV6_SOCK: {
      let sip = r.sip, dip = r.dip;
      if (r.type === ScapFdType.IPV6_SOCK && sip && dip && isV4Mapped(sip) && isV4Mapped(dip)) {
        f.type = ScapFdType.IPV4_SOCK;
        sip = sip.subarray(12, 16); dip = dip.subarray(12, 16);
      }
      f.sip = sip; f.dip = dip; f.sport = r.sport ?? 0; f.dport = r.dport ?? 0; f.l4proto = r.l4proto ?? 0;
      f.connected = f.l4proto === L4Proto.TCP;
      f.role = SocketRole.Client;
      f.name = tupleText(f.sip, f.sport, f.dip, f.dport);
      break;
    }
    case ScapFdType.IPV4_SERVSOCK:
    case ScapFdType.IPV6_SERVSOCK:
      // scap keeps a server socket's bound address as its only address
      f.dip = r.sip ?? r.dip; f.dport = r.sport ?? r.dport ?? 0; f.l4proto = r.l4proto ?? 0;
      f.role = SocketRole.Server;
      f.name = serverText(f.dip, f.dport);
      break;
    case ScapFdType.UNIX_SOCK:
      f.unixSource = r.source ?? 0n; f.unixDest = r.dest ?? 0n;
      f.name = r.name ?? '';
      f.role = f.name === '' ? SocketRole.Client : SocketRole.Server;
      break;
    case ScapFdType.FILE_V2:
      f.openFlags = r.openFlags ?? 0; f.name = r.name ?? ''; f.dev = r.dev ?? 0;
      break;
    default:
      f.name = r.name ?? '';
  }
  f.nameRaw = f.name;
  return f;
}
