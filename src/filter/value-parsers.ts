// Right-hand-side literals parsed at compile time into the runtime representation of the
// compared field's type (see field.ts), with libsinsp's acceptance rules and messages.
import type { FieldType } from '../fields/field.js';
import { parseIPv4, parseIPv6, type IpNetwork } from './ip-address.js';

/** Thrown by the parsers; the compiler turns it into a FilterCompileError at the value's position. */
export class ValueError extends Error {}

export type TypeFamily = 'string' | 'signed' | 'unsigned' | 'bigint' | 'bool' | 'ip' | 'ipnet' | 'bytes' | 'double';

export function typeFamily(t: FieldType): TypeFamily {
  switch (t) {
    case 'CHARBUF': case 'FSPATH': case 'FSRELPATH': return 'string';
    case 'INT8': case 'INT16': case 'INT32': case 'INT64': case 'ERRNO': case 'FD': case 'PID': return 'signed';
    case 'RELTIME': case 'ABSTIME': return 'bigint';
    case 'BOOL': return 'bool';
    case 'IPADDR': return 'ip';
    case 'IPNET': return 'ipnet';
    case 'BYTEBUF': return 'bytes';
    case 'DOUBLE': return 'double';
    default: return 'unsigned';
  }
}

const WIDTH: Partial<Record<FieldType, number>> = {
  INT8: 8, INT16: 16, INT32: 32, INT64: 64, ERRNO: 64, FD: 64, PID: 64,
  UINT8: 8, FLAGS8: 8, L4PROTO: 8, SIGTYPE: 8, UINT16: 16, FLAGS16: 16,
  UINT32: 32, FLAGS32: 32, MODE: 32, UID: 32, GID: 32, UINT64: 64, RELTIME: 64, ABSTIME: 64, DOUBLE: 32,
};

/** Service names accepted for PORT values (libsinsp asks getservbyname; these are the usual ones). */
const SERVICES: Record<string, number> = {
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, http: 80, pop3: 110, sunrpc: 111, ntp: 123,
  imap: 143, snmp: 161, ldap: 389, https: 443, smtps: 465, submission: 587, ldaps: 636, imaps: 993,
  pop3s: 995, mysql: 3306, postgresql: 5432, 'http-alt': 8080,
};

/**
 * scanf("%d"/"%u") then a cast: optional blanks and sign, decimal digits, nothing after.
 * Out-of-range values wrap like the C casts do.
 */
function parseInteger(s: string, bits: number, signed: boolean): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (!m) throw new ValueError(`${s} is not a valid number`);
  let v = BigInt(m[2]);
  if (m[1] === '-') v = -v;
  // %d/%u read 32 bits unless the target is 64-bit
  const readBits = bits === 64 ? 64 : 32;
  v = signed ? BigInt.asIntN(readBits, v) : BigInt.asUintN(readBits, v);
  return signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

export type ParsedValue = string | number | bigint | boolean | Uint8Array | IpNetwork;

/** Parses `s` as a value of type `t`; for BYTEBUF with bcontains/bstartswith pass `hex`. */
export function parseValue(s: string, t: FieldType, hex = false): ParsedValue {
  if (t !== 'BYTEBUF' && s.includes('\0')) throw new ValueError('filter error: filter value cannot contain a NUL byte (\\x00)');
  switch (typeFamily(t)) {
    case 'string':
      return s;
    case 'bytes':
      if (hex) {
        if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
          throw new ValueError('filter error: bcontains and bstartswith operator support hex strings only');
        }
        return Uint8Array.from(Buffer.from(s, 'hex'));
      }
      return Uint8Array.from(Buffer.from(s, 'utf8'));
    case 'bool':
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw new ValueError(`filter error: unrecognized boolean value ${s}`);
    case 'ip': {
      const v4 = s.includes('.');
      const a = v4 ? parseIPv4(s) : parseIPv6(s);
      if (!a) throw new ValueError(`unrecognized IPv${v4 ? 4 : 6} address ${s}`);
      return a;
    }
    case 'ipnet':
      return parseNetwork(s);
    case 'bigint':
      return parseInteger(s, 64, false);
    case 'double':
      return Number(parseInteger(s, 32, true));
    case 'signed':
      return Number(parseInteger(s, WIDTH[t] ?? 64, true));
    case 'unsigned':
      if (t === 'PORT') return parsePort(s);
      return Number(parseInteger(s, WIDTH[t] ?? 64, false));
  }
}

function parsePort(s: string): number {
  if (s === '') return 0;
  if (/^[0-9]+$/.test(s)) return Number(BigInt.asUintN(16, BigInt(s)));
  const p = SERVICES[s];
  if (p === undefined) throw new ValueError(`unrecognized protocol ${s}`);
  return p;
}

function parseNetwork(s: string): IpNetwork {
  const v4 = s.includes('.');
  const slash = s.indexOf('/');
  if (slash < 0) throw new ValueError(`unrecognized IP network ${s}`);
  const addr = v4 ? parseIPv4(s.slice(0, slash)) : parseIPv6(s.slice(0, slash));
  if (!addr) throw new ValueError(`unrecognized IP address ${s}`);
  const maskText = s.slice(slash + 1);
  const bits = Number(parseInteger(maskText, 8, false));
  if (bits > addr.length * 8) throw new ValueError(`invalid netmask ${maskText}`);
  return { addr, bits };
}
