// libsinsp's `util` class.
import type { FieldDecl } from '../field.js';
import { fieldBuilder } from './field-builder.js';

const f = fieldBuilder('util');

export const utilFields: readonly FieldDecl[] = [
  f('util.cnt', 'UINT64', 'A counter that grows by one on each event it is read for.'),
];
