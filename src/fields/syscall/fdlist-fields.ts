// libsinsp's `fdlist` class: the descriptors named in the `fds` array of poll events.
import type { FieldDecl } from '../field.js';
import { fieldBuilder } from './field-builder.js';

const f = fieldBuilder('fdlist');

export const fdlistFields: readonly FieldDecl[] = [
  f('fdlist.nums', 'CHARBUF', 'For poll events, the numbers of the descriptors in the fds argument, comma-separated.'),
  f('fdlist.names', 'CHARBUF', 'For poll events, the names of the descriptors in the fds argument, comma-separated.'),
  f('fdlist.cips', 'CHARBUF', 'For poll events, the client IP addresses of the descriptors in the fds argument, comma-separated.'),
  f('fdlist.sips', 'CHARBUF', 'For poll events, the server IP addresses of the descriptors in the fds argument, comma-separated.'),
  f('fdlist.cports', 'CHARBUF', 'For poll events, the client TCP/UDP ports of the descriptors in the fds argument, comma-separated.'),
  f('fdlist.sports', 'CHARBUF', 'For poll events, the server TCP/UDP ports of the descriptors in the fds argument, comma-separated.'),
];
