// libsinsp's `fs.path` class: the filesystem paths a system call names, whether or not it
// opens a descriptor (unlink, mkdir, rename, ...).
import type { FieldDecl } from '../field.js';
import { fieldBuilder } from './field-builder.js';

const f = fieldBuilder('fs.path');

export const fspathFields: readonly FieldDecl[] = [
  f('fs.path.name', 'CHARBUF', 'For calls that act on one path, that path made absolute (relative paths are joined to the working directory).'),
  f('fs.path.nameraw', 'CHARBUF', 'For calls that act on one path, that path exactly as passed to the call.'),
  f('fs.path.source', 'CHARBUF', 'For calls with a source and a target path (rename, link, ...), the source path made absolute.'),
  f('fs.path.sourceraw', 'CHARBUF', 'For calls with a source and a target path, the source path exactly as passed to the call.'),
  f('fs.path.target', 'CHARBUF', 'For calls with a source and a target path (rename, link, ...), the target path made absolute.'),
  f('fs.path.targetraw', 'CHARBUF', 'For calls with a source and a target path, the target path exactly as passed to the call.'),
];
