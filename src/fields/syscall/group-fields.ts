// libsinsp's `group` class: the group the thread runs as.
import type { FieldDecl } from '../field.js';
import { fieldBuilder } from './field-builder.js';

const f = fieldBuilder('group');

export const groupFields: readonly FieldDecl[] = [
  f('group.gid', 'UINT32', 'Group id the thread runs as.'),
  f('group.name', 'CHARBUF', 'Name of the group the thread runs as.'),
];
