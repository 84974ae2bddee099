// Which operators each field type accepts, with libsinsp's messages (flt_is_comparable).
import type { FieldType } from '../fields/field.js';
import type { BinaryOp, Modifier } from './ast.js';

type Op = BinaryOp | 'exists';

const NUMERIC = new Set<Op>(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']);
const BOOL = new Set<Op>(['=', '==', '!=', 'in', 'intersects', 'exists']);
const STRING = new Set<Op>([
  '=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'in', 'exists', 'icontains', 'startswith',
  'glob', 'pmatch', 'endswith', 'intersects', 'iglob', 'regex',
]);
const BUFFER = new Set<Op>(['=', '==', '!=', 'contains', 'in', 'exists', 'startswith', 'endswith', 'intersects', 'bcontains', 'bstartswith']);
const IP = new Set<Op>(['=', '==', '!=', 'in', 'exists', 'intersects']);
const LIST = new Set<Op>(['in', 'exists', 'intersects']);
const LIST_TYPES = new Set<FieldType>(['CHARBUF', 'UINT64', 'RELTIME', 'ABSTIME', 'BOOL', 'IPADDR', 'IPNET']);

/** libsinsp prints `==` as `=`. */
const opName = (op: Op) => (op === '==' ? '=' : op);

/** Returns the error text (without the `filter error: ` prefix) when `op` is not allowed, else undefined. */
export function operatorError(op: Op, modifier: Modifier | undefined, type: FieldType, isList: boolean): string | undefined {
  if (op === 'exists') return undefined;
  const name = opName(op);
  if (isList) {
    if (!LIST_TYPES.has(type)) return `list filters are not supported for type '${type}'`;
    return LIST.has(op) ? undefined : `'${name}' operator not supported list filters`;
  }
  switch (type) {
    case 'CHARBUF': case 'FSPATH': case 'FSRELPATH':
      return STRING.has(op) ? undefined : `'${name}' operator not supported for string filters`;
    case 'BYTEBUF':
      return BUFFER.has(op) ? undefined : `'${name}' operator not supported for buffer filters`;
    case 'BOOL':
      // libsinsp words this one as numeric too
      return BOOL.has(op) ? undefined : `'${name}' operator not supported for numeric filters`;
    case 'IPADDR': case 'IPNET':
      if (!IP.has(op)) {
        return modifier ? `'${name}' with modifier not supported for ip address and network filters`
          : `'${name}' operator not supported for ip address and network filters`;
      }
      return undefined;
    case 'DYN':
      return undefined;
    default:
      return NUMERIC.has(op) ? undefined : `'${name}' operator not supported for numeric filters`;
  }
}
