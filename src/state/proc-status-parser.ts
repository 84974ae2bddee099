// Parsers of /proc/<pid>/status and /proc/<pid>/stat into the thread record fields libscap
// takes from them: ids in the host and namespace views, effective uid/gid, memory,
// capabilities (status); session, tty, page faults, start time (stat).
import type { ThreadRecord } from '../capture/scap-header-records.js';

function lastNumber(v: string): number {
  const parts = v.trim().split(/\s+/);
  return Number(parts[parts.length - 1]);
}

function firstNumber(v: string): number {
  return parseInt(v.trim(), 10);
}

function secondNumber(v: string): number {
  const parts = v.trim().split(/\s+/);
  return Number(parts[1] ?? parts[0]);
}

function kb(v: string): number { return parseInt(v.trim(), 10) || 0; }

function hex64(v: string): bigint {
  const s = v.trim();
  return s === '' ? 0n : BigInt('0x' + s);
}

/** Fills `r` from status text. Returns false when the text has no Tgid (not a status file). */
export function applyStatus(r: ThreadRecord, text: string): boolean {
  let sawTgid = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const key = text.slice(start, colon);
      const v = text.slice(colon + 1, end);
      switch (key) {
        case 'Name': r.comm = v.trim(); break;
        case 'Tgid': r.pid = firstNumber(v); sawTgid = true; break;
        case 'PPid': r.ptid = firstNumber(v); break;
        case 'Uid': r.uid = secondNumber(v) >>> 0; break;
        case 'Gid': r.gid = secondNumber(v) >>> 0; break;
        case 'NStgid': r.vpid = lastNumber(v); break;
        case 'NSpid': r.vtid = lastNumber(v); break;
        case 'NSpgid': r.pgid = firstNumber(v); r.vpgid = lastNumber(v); break;
        case 'VmSize': r.vmsizeKb = kb(v); break;
        case 'VmRSS': r.vmrssKb = kb(v); break;
        case 'VmSwap': r.vmswapKb = kb(v); break;
        case 'CapInh': r.capInheritable = hex64(v); break;
        case 'CapPrm': r.capPermitted = hex64(v); break;
        case 'CapEff': r.capEffective = hex64(v); break;
      }
    }
    start = end + 1;
  }
  return sawTgid;
}

/** Fills sid, tty, page faults (and pgid when status had none) from stat text; returns the start time in clock ticks after boot, -1 when unreadable. */
export function applyStat(r: ThreadRecord, text: string): number {
  // comm (field 2) may hold spaces and parentheses: the fields start after the last ')'
  const close = text.lastIndexOf(')');
  if (close < 0) return -1;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state)
  if (f.length < 20) return -1;
  if (r.pgid === -1) r.pgid = Number(f[2]);
  r.sid = Number(f[3]);
  r.tty = Number(f[4]) >>> 0;
  r.pfminor = Number(f[7]);
  r.pfmajor = Number(f[9]);
  return Number(f[19]);
}
