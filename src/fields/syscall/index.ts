// Every field of the syscall event source, declared once, in the order Falco lists them.
import type { FieldDecl } from '../field.js';
import { syscallFieldClasses } from './syscall-field-classes.js';

export { syscallFieldClasses } from './syscall-field-classes.js';

export const syscallFields: readonly FieldDecl[] = Object.freeze(syscallFieldClasses.flatMap((c) => c.fields));
