// A compact way to write syscall field declarations: one call per field, defaults filled in
// (source `syscall`, no argument), so each class file reads as a table.
import type { FieldDecl, FieldType } from '../field.js';

/** Everything of a declaration that a class file may set beyond name, type and description. */
export type FieldOptions = Partial<Omit<FieldDecl, 'name' | 'source' | 'fieldClass' | 'type' | 'desc'>>;

export type FieldMaker = (name: string, type: FieldType, desc: string, options?: FieldOptions) => FieldDecl;

/** Returns a maker of declarations for one field class of the syscall source. */
export function fieldBuilder(fieldClass: string): FieldMaker {
  return (name, type, desc, options) =>
    Object.freeze({ name, source: 'syscall', fieldClass, type, arg: 'none', desc, ...options });
}
