// Field values as alerts print them, following libsinsp: text for the output line
// (`<NA>` when missing, lists as `(a,b)`, booleans `true`/`false`, addresses dotted or
// in IPv6 notation) and JSON for `output_fields` (numbers unquoted, missing as null).
import type { FieldType, FieldValue } from '../fields/field.js';
import { formatDouble17, jsonQuote } from './json-text.js';

export const NA = '<NA>';

/** libsinsp print formats that change how a number is written. */
export type PrintFormat = 'dec' | 'hex' | 'padded';

/** The few fields whose print format is not plain decimal (the declarations do not carry it). */
const PRINT_FORMATS: ReadonlyMap<string, PrintFormat> = new Map([
  ['fd.dev', 'hex'],
  ['evt.rawtime.ns', 'padded'],
  ['evt.reltime', 'padded'],
  ['evt.reltime.ns', 'padded'],
  ['evt.latency.ns', 'padded'],
  ['evt.deltatime.ns', 'padded'],
]);

/** Fields whose JSON value is the event timestamp in ns, whatever their text form. */
export const JSON_TIMESTAMP_FIELDS: ReadonlySet<string> = new Set([
  'evt.time', 'evt.time.s', 'evt.time.iso8601', 'evt.datetime', 'evt.datetime.s',
]);

export const printFormatOf = (fieldName: string): PrintFormat => PRINT_FORMATS.get(fieldName) ?? 'dec';

const INT32_TYPES = new Set<FieldType>(['INT8', 'INT16', 'INT32']);

function hexOf(v: number | bigint, type: FieldType): string {
  if (typeof v === 'bigint') return (v < 0n ? BigInt.asUintN(64, v) : v).toString(16).toUpperCase();
  if (v >= 0) return v.toString(16).toUpperCase();
  // two's complement at the declared width, as printf's %X shows a negative int
  const bits = INT32_TYPES.has(type) ? 32 : 64;
  return BigInt.asUintN(bits, BigInt(v)).toString(16).toUpperCase();
}

function numberText(v: number | bigint, type: FieldType, fmt: PrintFormat): string {
  if (type === 'DOUBLE' && typeof v === 'number') return v.toFixed(1);
  switch (fmt) {
    case 'hex': return hexOf(v, type);
    case 'padded': {
      const s = typeof v === 'bigint' ? v.toString() : String(Math.trunc(v));
      return s.startsWith('-') ? '-' + s.slice(1).padStart(8, '0') : s.padStart(9, '0');
    }
    default: return typeof v === 'bigint' ? v.toString() : String(v);
  }
}

/** IPv4 dotted quad or IPv6 text as inet_ntop writes it. */
export function ipText(b: Uint8Array): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  if (b.length !== 16) return NA;
  const w: number[] = [];
  for (let i = 0; i < 16; i += 2) w.push((b[i]! << 8) | b[i + 1]!);
  // longest run of zero words (first one on ties), compressed when at least two long
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) best = -1;
  const v4 = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
    return bestLen === 6 ? `::${v4}` : `::ffff:${v4}`;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === best) { out += i === 0 ? '::' : ':'; i += bestLen - 1; continue; }
    out += w[i]!.toString(16) + (i < 7 ? ':' : '');
  }
  return out;
}

/** A byte buffer printed as a C string: up to the first NUL. */
function bufferText(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return Buffer.from(b.buffer, b.byteOffset, nul < 0 ? b.byteLength : nul).toString('utf8');
}

function scalarText(v: FieldValue, type: FieldType, fmt: PrintFormat): string {
  switch (typeof v) {
    case 'string': return v;
    case 'boolean': return v ? 'true' : 'false';
    case 'number':
    case 'bigint': return numberText(v, type, fmt);
  }
  if (v instanceof Uint8Array) return type === 'IPADDR' || type === 'IPNET' ? ipText(v) : bufferText(v);
  return String(v);
}

/** The text of a value in an output line; `<NA>` when the field has no value. */
export function valueText(v: FieldValue | undefined, type: FieldType, fmt: PrintFormat = 'dec'): string {
  if (v === undefined) return NA;
  if (Array.isArray(v)) {
    let out = '(';
    for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + scalarText(v[i]!, type, fmt);
    return out + ')';
  }
  return scalarText(v, type, fmt);
}

function scalarJson(v: FieldValue, type: FieldType, fmt: PrintFormat): string {
  switch (typeof v) {
    case 'string': return jsonQuote(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return fmt === 'dec' ? v.toString() : jsonQuote(numberText(v, type, fmt));
    case 'number':
      if (fmt !== 'dec') return jsonQuote(numberText(v, type, fmt));
      return Number.isInteger(v) ? String(v) : formatDouble17(v);
  }
  return jsonQuote(scalarText(v, type, fmt));
}

/** The JSON text of a value in `output_fields`; `null` when missing (and for empty lists, as libsinsp). */
export function valueJson(v: FieldValue | undefined, type: FieldType, fmt: PrintFormat = 'dec'): string {
  if (v === undefined) return 'null';
  if (Array.isArray(v)) {
    if (v.length === 0) return 'null';
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + scalarJson(v[i]!, type, fmt);
    return out + ']';
  }
  return scalarJson(v, type, fmt);
}

/** Pads with spaces or cuts to `width` characters (`%20proc.name`). */
export function fitWidth(s: string, width: number | undefined): string {
  if (width === undefined || width <= 0) return s;
  return s.length >= width ? s.slice(0, width) : s.padEnd(width, ' ');
}
