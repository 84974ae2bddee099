// The parts of a live snapshot that are not per process: machine info (hostname, CPUs,
// memory, pid_max, boot time), network interfaces, and the users and groups of the host's
// /etc/passwd and /etc/group: the same records a .scap header gives.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { GroupRecord, InterfaceRecord, MachineInfo, UserRecord } from '../capture/scap-header-records.js';
import { readProcText } from './proc-file-reader.js';
import { UserGroupTable } from './user-group-table.js';

/** Boot time in seconds since the epoch (btime of /proc/stat), 0 when unreadable. */
export function bootTimeSeconds(procRoot = '/proc'): number {
  const text = readProcText(procRoot + '/stat') ?? '';
  const m = /^btime (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

export function readMachineInfo(procRoot = '/proc'): MachineInfo {
  const pidMax = Number((readProcText(procRoot + '/sys/kernel/pid_max') ?? '').trim()) || 0;
  return {
    numCpus: os.cpus().length,
    memorySizeBytes: BigInt(os.totalmem()),
    maxPid: BigInt(pidMax),
    hostname: os.hostname(),
    bootTsEpoch: BigInt(bootTimeSeconds(procRoot)) * 1_000_000_000n,
    flags: 0n,
  };
}

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

/** Textual IPv6 (with `::` and an optional `%scope`) → 16 bytes. */
export function ipv6Bytes(text: string): Uint8Array {
  const addr = text.split('%')[0];
  const out = new Uint8Array(16);
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const hs = head ? head.split(':') : [];
  const ts = tail ? tail.split(':') : [];
  // an embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups
  const groups: number[] = [];
  const push = (parts: string[], into: number[]) => {
    for (const p of parts) {
      if (p.includes('.')) { const b = ipv4Bytes(p); into.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]); } else into.push(parseInt(p, 16));
    }
  };
  push(hs, groups);
  const tailGroups: number[] = [];
  push(ts, tailGroups);
  if (tail !== undefined) while (groups.length + tailGroups.length < 8) groups.push(0);
  groups.push(...tailGroups);
  for (let i = 0; i < 8; i++) { out[i * 2] = (groups[i] ?? 0) >> 8; out[i * 2 + 1] = (groups[i] ?? 0) & 0xff; }
  return out;
}

export function readInterfaces(): InterfaceRecord[] {
  const out: InterfaceRecord[] = [];
  for (const [name, list] of Object.entries(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4') {
        const addr = ipv4Bytes(a.address), netmask = ipv4Bytes(a.netmask);
        const bcast = addr.map((b, i) => b | (~netmask[i] & 0xff));
        out.push({ family: 4, name, addr, netmask, bcast, linkspeed: 0n });
      } else {
        out.push({ family: 6, name, addr: ipv6Bytes(a.address), netmask: ipv6Bytes(a.netmask), bcast: new Uint8Array(16), linkspeed: 0n });
      }
    }
  }
  return out;
}

export function readUsersAndGroups(etcDir = '/etc'): { users: UserRecord[]; groups: GroupRecord[] } {
  const read = (p: string) => { try { return readFileSync(p, 'utf8'); } catch { return ''; } };
  const t = new UserGroupTable();
  t.loadFromText(read(etcDir + '/passwd'), read(etcDir + '/group'));
  return { users: [...t.users.values()], groups: [...t.groups.values()] };
}
