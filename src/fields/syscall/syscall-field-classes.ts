// The field classes of the syscall source in the order Falco's `--list` prints them:
// libsinsp's classes in the order libs registers them, then the classes that the container
// plugin adds (container, k8s). Headings are written for tercel.
import type { FieldClassInfo, FieldDecl } from '../field.js';
import { containerFields } from './container-fields.js';
import { evtFields } from './evt-fields.js';
import { evtGenericFields } from './evt-generic-fields.js';
import { fdFields } from './fd-fields.js';
import { fdlistFields } from './fdlist-fields.js';
import { fspathFields } from './fspath-fields.js';
import { groupFields } from './group-fields.js';
import { k8sFields } from './k8s-fields.js';
import { procFields } from './proc-fields.js';
import { threadFields } from './thread-fields.js';
import { userFields } from './user-fields.js';
import { utilFields } from './util-fields.js';

function fieldClass(name: string, shortDesc: string, desc: string, fields: readonly FieldDecl[]): FieldClassInfo {
  return Object.freeze({ name, source: 'syscall', shortDesc, desc, fields });
}

export const syscallFieldClasses: readonly FieldClassInfo[] = [
  fieldClass('evt', 'All event types', 'Fields every event has, whatever its source.', evtGenericFields),
  fieldClass('evt', 'Syscall events only',
    'Fields of kernel (syscall) events. Each parameter of an event can also be read on its own through evt.arg, e.g. evt.arg.filename.',
    evtFields),
  fieldClass('process', '', 'The process and thread that caused the event.', [...procFields, ...threadFields]),
  fieldClass('user', '', 'The user the thread runs as.', userFields),
  fieldClass('group', '', 'The group the thread runs as.', groupFields),
  fieldClass('fd', '',
    'The file descriptor named by the event: set for every system call that takes or returns one (files, sockets, pipes, ...).',
    fdFields),
  fieldClass('fs.path', '',
    'The filesystem paths named by the event: set for system calls that take paths as arguments, whether or not they use a file descriptor.',
    fspathFields),
  fieldClass('util', '', '', utilFields),
  fieldClass('fdlist', '', 'File descriptors listed by poll events.', fdlistFields),
  fieldClass('container', '',
    "The container the thread runs in. Outside containers container.id and container.name are 'host'.",
    containerFields),
  fieldClass('k8s', '',
    'The Kubernetes pod of the container, as the container runtime knows it from the pod sandbox and its labels.',
    k8sFields),
];
