// Entry point of the fields stage: the contract, the registry, and a registry pre-filled
// with the syscall source's fields (plugins register theirs on the returned registry).
import type { FieldClassInfo, FieldDecl } from './field.js';
import { FieldRegistry } from './field-registry.js';
import { syscallFieldClasses } from './syscall/index.js';

export type { Extractor, FieldArg, FieldArgForm, FieldClassInfo, FieldDecl, FieldType, FieldValue } from './field.js';
export { FieldRegistry, type ResolvedField } from './field-registry.js';
export { syscallFieldClasses, syscallFields } from './syscall/index.js';

/** Extractor factories by field name, as the replay/live stage provides them. */
export type FieldBinders = ReadonlyMap<string, NonNullable<FieldDecl['bind']>>;

/**
 * A new registry holding every syscall-source field, class by class in `--list` order.
 * `binders` attach extractors: the declarations are frozen, so a bound field is a copy.
 */
export function createDefaultRegistry(binders?: FieldBinders): FieldRegistry {
  const registry = new FieldRegistry();
  for (const c of syscallFieldClasses) registry.registerClass(binders ? withBinders(c, binders) : c);
  return registry;
}

function withBinders(c: FieldClassInfo, binders: FieldBinders): FieldClassInfo {
  const fields = c.fields.map((d) => {
    const bind = binders.get(d.name);
    return bind ? Object.freeze({ ...d, bind }) : d;
  });
  return Object.freeze({ ...c, fields });
}
