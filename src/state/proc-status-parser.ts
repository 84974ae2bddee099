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

/** Value text of `key` (after `Key:` up to the end of line), undefined when absent. */
function value(text: string, key: string): string | undefined {
  let at = text.startsWith(key) ? 0 : text.indexOf('\n' + key);
  if (at < 0) return undefined;
  if (at > 0 || text.charCodeAt(0) === 10) at++;
  const start = at + key.length;
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

/**
 * Fills `r` from status text (only the keys used are looked up, not every line split).
 * Returns the Threads count, or -1 when the text has no Tgid (not a status file).
 */
export function applyStatus(r: ThreadRecord, text: string): number {
  const tgid = value(text, 'Tgid:');
  if (tgid === undefined) return -1;
  r.pid = firstNumber(tgid);
  let v: string | undefined;
  if ((v = value(text, 'Name:')) !== undefined) r.comm = v.trim();
  if ((v = value(text, 'PPid:')) !== undefined) r.ptid = firstNumber(v);
  if ((v = value(text, 'Uid:')) !== undefined) r.uid = secondNumber(v) >>> 0;
  if ((v = value(text, 'Gid:')) !== undefined) r.gid = secondNumber(v) >>> 0;
  if ((v = value(text, 'NStgid:')) !== undefined) r.vpid = lastNumber(v);
  if ((v = value(text, 'NSpid:')) !== undefined) r.vtid = lastNumber(v);
  if ((v = value(text, 'NSpgid:')) !== undefined) { r.pgid = firstNumber(v); r.vpgid = lastNumber(v); }
  if ((v = value(text, 'VmSize:')) !== undefined) r.vmsizeKb = kb(v);
  if ((v = value(text, 'VmRSS:')) !== undefined) r.vmrssKb = kb(v);
  if ((v = value(text, 'VmSwap:')) !== undefined) r.vmswapKb = kb(v);
  if ((v = value(text, 'CapInh:')) !== undefined) r.capInheritable = hex64(v);
  if ((v = value(text, 'CapPrm:')) !== undefined) r.capPermitted = hex64(v);
  if ((v = value(text, 'CapEff:')) !== undefined) r.capEffective = hex64(v);
  v = value(text, 'Threads:');
  return v === undefined ? 1 : firstNumber(v);
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
