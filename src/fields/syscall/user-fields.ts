// libsinsp's `user` class: the user the thread runs as, and the audit (login) user.
import type { FieldDecl } from '../field.js';
import { fieldBuilder } from './field-builder.js';

const f = fieldBuilder('user');

export const userFields: readonly FieldDecl[] = [
  f('user.uid', 'UINT32', 'User id the thread runs as.'),
  f('user.name', 'CHARBUF', 'Name of the user the thread runs as.'),
  f('user.homedir', 'CHARBUF', 'Home directory of the user.'),
  f('user.shell', 'CHARBUF', 'Login shell of the user.'),
  f('user.loginuid', 'INT64', 'Audit user id (auid): the user who logged in, kept across su and sudo. The kernel\'s "unset" value (4294967295) reads as -1.'),
  f('user.loginname', 'CHARBUF', 'Name of the audit user (see user.loginuid).'),
];
