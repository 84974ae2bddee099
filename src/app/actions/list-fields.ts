// --list [source]: print the fields of every source (or one), grouped by class, as text,
// markdown or JSON; with -N only the names.
import type { AppState } from '../app-state.js';
import type { FieldDecl } from '../../fields/field.js';
import type { FieldRegistry } from '../../fields/field-registry.js';
import { exit, fatal, ok, type RunResult } from '../run-result.js';

function argSuffix(f: FieldDecl): string {
  if (f.dotArg) return '';
  switch (f.arg) {
    case 'index-required': case 'key-required': return '[]';
    default: return '';
  }
}

export function listFields(s: AppState): RunResult {
  if (s.options.listSource === undefined) return ok();
  const registry = s.registry as FieldRegistry;
  const wanted = s.options.listSource;
  const sources = registry.sources().filter((src) => wanted === '' || src === wanted);
  if (sources.length === 0) return fatal(`unknown event source '${wanted}' (known: ${registry.sources().join(', ')})`);
  const format = s.options.format ?? (s.options.markdown ? 'markdown' : 'text');
  if (!['text', 'markdown', 'json'].includes(format)) return fatal(`unknown format '${format}' (use text, markdown or json)`);

  // Classes keyed by name and short description (libs has two `evt` classes); a class
  // shared by several sources is printed once, naming them all.
  const classes = new Map<string, { name: string; shortDesc: string; fields: FieldDecl[]; sources: Set<string> }>();
  for (const src of sources) {
    const declared = registry.classes(src);
    const groups = declared.length > 0
      ? declared.map((c) => ({ name: c.name, shortDesc: c.shortDesc, fields: c.fields }))
      : [{ name: src, shortDesc: '', fields: registry.fields(src) }];
    for (const g of groups) {
      const key = `${g.name}\u0000${g.shortDesc}`;
      let c = classes.get(key);
      if (!c) classes.set(key, (c = { name: g.name, shortDesc: g.shortDesc, fields: [], sources: new Set() }));
      c.sources.add(src);
      for (const f of g.fields) if (!f.hidden && !f.deprecated && !c.fields.some((x) => x.name === f.name)) c.fields.push(f);
    }
  }

  if (s.options.namesOnly) {
    const names = [...classes.values()].flatMap((c) => c.fields.map((f) => f.name + argSuffix(f)));
    s.out(format === 'json' ? JSON.stringify({ fieldnames: names }, null, 2) + '\n' : names.join('\n') + '\n');
    return exit(0);
  }
  if (format === 'json') {
    const fieldclasses = [...classes.values()].map((c) => ({
      name: c.name, desc: c.shortDesc, event_sources: [...c.sources],
      fields: c.fields.map((f) => ({ name: f.name, type: f.type, desc: f.desc, is_list: !!f.isList, arg: f.arg })),
    }));
    s.out(JSON.stringify({ fieldclasses }, null, 2) + '\n');
    return exit(0);
  }
  const chunks: string[] = [];
  for (const c of classes.values()) {
    const title = c.shortDesc ? `${c.name} (${c.shortDesc})` : c.name;
    if (format === 'markdown') {
      chunks.push(`## Field Class: ${title}\n\nEvent sources: ${[...c.sources].join(', ')}\n\nName | Type | Description\n:----|:-----|:-----------\n` +
        c.fields.map((f) => `\`${f.name}${argSuffix(f)}\` | ${f.type}${f.isList ? ' (list)' : ''} | ${f.desc}`).join('\n') + '\n');
    } else {
      chunks.push(`Field Class:                  ${title}\nEvent Sources:                ${[...c.sources].join(', ')}\n\n` +
        c.fields.map((f) => `${(f.name + argSuffix(f)).padEnd(30)}(Type: ${f.type}${f.isList ? ', list' : ''}) ${f.desc}`).join('\n') + '\n');
    }
  }
  s.out(chunks.join('\n') + (chunks.length ? '\n' : ''));
  return exit(0);
}
