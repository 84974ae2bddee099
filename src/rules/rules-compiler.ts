// Compiles everything collected so far: lists (one level of references to earlier lists),
// macros (parsed, then expanded with the macros visible at their definition), then rules
// (exceptions, output template, condition with every macro, event types). The first error
// stops compilation; unused macros and lists are reported when all went well.
import {
  collectConditionWarnings, DEPRECATED_FIELDS, FilterCompileError, FilterSyntaxError,
  inferEventTypes, UNKNOWN_EVENT_TYPE, UNKNOWN_FIELD, type EventTypeCatalog, type Expr, type Pos,
} from '../filter/index.js';
import type { FieldRegistry } from '../fields/field-registry.js';
import { OutputTemplateError, type OutputTemplate } from '../alerts/output-template.js';
import { CompileCache, type MacroLookup } from './compile-cache.js';
import type { CompiledList, CompiledMacro, CompiledRule, CompileOutput, ExtraOutputFieldSegment, RuleEventTypes } from './compiled-rules.js';
import { RuleLoadError } from './diagnostic.js';
import { buildExceptionCondition } from './exception-condition.js';
import type { LoadContext } from './load-context.js';
import type { LoadResultBuilder } from './load-result.js';
import type { RulesCollector } from './rules-collector.js';
import { SYSCALL_SOURCE } from './rule-item-reader.js';
import type { RuleInfo } from './rule-infos.js';

export interface CompilerEnv {
  readonly registry: FieldRegistry;
  /** Event types of the syscall source; `codes` (when present) counts codes as Falco does. */
  readonly catalog: EventTypeCatalog & { codes?(name: string): readonly number[] };
  /** Extra text appended to outputs (Falco's `append_output`), by source/tags/rule. */
  readonly extraOutputs?: readonly ExtraOutputFormat[];
}

export interface ExtraOutputFormat {
  /** Text appended to the output (may be empty when only fields are added). */
  readonly format: string;
  /** Fields added to the JSON `output_fields` only: a field (`evt.hostname`) or a fixed value under a key. */
  readonly fields?: readonly ExtraOutputField[];
  readonly source?: string;
  readonly tags?: readonly string[];
  readonly rule?: string;
}

export type ExtraOutputField = { readonly field: string } | { readonly key: string; readonly value: string };

/** Falco warns when a syscall rule may match more than this many event codes. */
const MAX_EVENT_CODES = 100;
const CONTAINER_INFO = '%container.info';
const OUTPUT_DEPRECATED_FIELDS = ['evt.dir', 'evt.latency', 'evt.latency.s', 'evt.latency.ns', 'evt.latency.human', 'evt.wait_latency'];

/** Where a filter error points, relative to the condition text (byte index, as Falco). */
const condPos = (text: string, pos: Pos) => ({ index: Buffer.byteLength(text.slice(0, pos.offset), 'utf8'), line: pos.line, column: pos.column });

/**
 * `cache` carries work over from earlier calls with the same registry (the loader keeps
 * one); without it everything is compiled afresh.
 */
export function compileRules(
  collector: RulesCollector, env: CompilerEnv, res: LoadResultBuilder, cache: CompileCache = new CompileCache(env.registry),
): CompileOutput | undefined {
  try {
    const lists = compileLists(collector, cache);
    const cx: Cx = { cache, lists, listItems: new Map([...lists.values()].map((l) => [l.name, l.items])) };
    const macros = compileMacros(collector, cx);
    const rules = new RuleCompiler(env, res, cx, macros).compileAll(collector);
    for (const m of macros.values()) {
      if (!m.used) res.warning('LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro', m.info.ctx);
    }
    for (const l of lists.values()) {
      if (!l.used) res.warning('LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro', l.info.ctx);
    }
    return { lists: [...lists.values()].map(freezeList), macros: [...macros.values()].map(freezeMacro), rules };
  } catch (e) {
    if (!(e instanceof RuleLoadError)) throw e;
    res.error(e.code as never, e.message, e.context);
    return undefined;
  }
}

interface MutableList { name: string; items: readonly string[]; used: boolean; info: CompiledList['info'] }
interface MutableMacro { name: string; condition: string; parsed: Expr; ast: Expr; used: boolean; info: CompiledMacro['info'] }

/** What every compile step of one call shares. */
interface Cx {
  readonly cache: CompileCache;
  readonly lists: Map<string, MutableList>;
  /** List name -> items (frozen, the same array while unchanged between loads). */
  readonly listItems: ReadonlyMap<string, readonly string[]>;
}

const freezeList = (l: MutableList): CompiledList => Object.freeze({ ...l });
const freezeMacro = (m: MutableMacro): CompiledMacro => Object.freeze({ ...m });

function compileLists(collector: RulesCollector, cache: CompileCache): Map<string, MutableList> {
  const out = new Map<string, MutableList>();
  const used: string[] = [];
  for (const list of collector.lists) {
    const items: string[] = [];
    for (const item of list.items) {
      const ref = collector.lists.get(item);
      if (ref && ref.index < list.visibility) {
        used.push(ref.name);
        items.push(...ref.items);
      } else items.push(item);
    }
    out.set(list.name, { name: list.name, items: cache.internList(list.name, items), used: false, info: list });
  }
  for (const n of used) out.get(n)!.used = true;
  return out;
}

function markUsed(lists: Map<string, MutableList>, names: Iterable<string>): void {
  for (const n of names) {
    const l = lists.get(n);
    if (l) l.used = true;
  }
}

function parse(cache: CompileCache, text: string, ctx: LoadContext): Expr {
  try {
    return cache.parse(text);
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw new RuleLoadError('LOAD_ERR_COMPILE_CONDITION', e.message, ctx.condition(condPos(text, e.pos), text));
    throw e;
  }
}

/** Expands macros and lists; undefined macros and loops are errors pointing into `text`. */
function expand(cx: Cx, ast: Expr, macros: MacroLookup, text: string, ctx: LoadContext, allMacros: Map<string, MutableMacro>): Expr {
  const r = cx.cache.expand(ast, macros, cx.listItems);
  markUsed(cx.lists, r.usedLists);
  const first = r.errors[0] ?? (r.undefinedMacros[0] && { message: `Undefined macro '${r.undefinedMacros[0].name}' used in filter.`, pos: r.undefinedMacros[0].pos });
  if (first) throw new RuleLoadError('LOAD_ERR_VALIDATE', first.message, ctx.condition(condPos(text, first.pos), text));
  for (const n of r.usedMacros) {
    const m = allMacros.get(n);
    if (m) m.used = true;
  }
  return r.ast;
}

function compileMacros(collector: RulesCollector, cx: Cx): Map<string, MutableMacro> {
  const out = new Map<string, MutableMacro>();
  for (const m of collector.macros) {
    const parsed = parse(cx.cache, m.cond, m.condCtx);
    out.set(m.name, { name: m.name, condition: m.cond, parsed, ast: parsed, used: false, info: m });
  }
  // Each macro sees the macros defined before its latest definition, already expanded
  // when they come earlier in order.
  for (const m of out.values()) {
    const visibility = m.info.visibility;
    const visible: MacroLookup = {
      get(name) {
        const other = collector.macros.get(name);
        return other && other.index < visibility ? out.get(name)!.ast : undefined;
      },
    };
    m.ast = expand(cx, m.ast, visible, m.info.cond, m.info.ctx, out);
  }
  return out;
}

class RuleCompiler {
  readonly #macroAsts: Map<string, Expr>;

  constructor(
    private readonly env: CompilerEnv,
    private readonly res: LoadResultBuilder,
    private readonly cx: Cx,
    private readonly macros: Map<string, MutableMacro>,
  ) {
    this.#macroAsts = new Map([...macros.values()].map((m) => [m.name, m.ast]));
  }

  compileAll(collector: RulesCollector): CompiledRule[] {
    const out: CompiledRule[] = [];
    for (const r of collector.rules) {
      if (r.unknownSource) continue;
      const rule = this.compileRule(r, out.length);
      if (rule) out.push(rule);
    }
    return out;
  }

  private compileRule(r: RuleInfo, id: number): CompiledRule | undefined {
    const exceptionFields = new Set<string>();
    const condition = r.exceptions.length ? buildExceptionCondition(r.cond, r.exceptions, exceptionFields) : r.cond;

    let output = r.output;
    const extraFields: ExtraOutputField[] = [];
    for (const extra of this.env.extraOutputs ?? []) {
      if (extra.source && extra.source !== r.source) continue;
      if (extra.tags && !extra.tags.every((t) => r.tags.has(t))) continue;
      if (extra.rule && extra.rule !== r.name) continue;
      if (extra.format !== '') output = `${output} ${extra.format}`;
      if (extra.fields) extraFields.push(...extra.fields);
    }
    if (output.includes(CONTAINER_INFO)) {
      this.res.warning(
        'LOAD_DEPRECATED_ITEM',
        '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin will automatically add required fields to the output message.',
        r.ctx,
      );
      output = output.split(CONTAINER_INFO).join('');
    }
    let outputTemplate: OutputTemplate;
    try {
      outputTemplate = this.cx.cache.outputTemplate(output, r.source);
    } catch (e) {
      if (!(e instanceof OutputTemplateError)) throw e;
      if (r.skipIfUnknownFilter && e.message.startsWith('invalid formatting token')) {
        this.res.warning('LOAD_UNKNOWN_FILTER', e.message, r.outputCtx);
        return undefined;
      }
      throw new RuleLoadError('LOAD_ERR_COMPILE_OUTPUT', e.message, r.outputCtx);
    }
    for (const f of OUTPUT_DEPRECATED_FIELDS) {
      if (output.includes(f)) {
        this.res.warning('LOAD_DEPRECATED_ITEM', `usage of deprecated field '${f}' has been detected in the rule output`, r.outputCtx, f);
      }
    }

    const parsed = parse(this.cx.cache, condition, r.condCtx);
    const ast = expand(this.cx, parsed, this.#macroAsts, condition, r.ctx, this.macros);
    const warnCtx = r.condCtx.condition({ index: 0, line: 0, column: 0 }, condition);
    for (const w of this.cx.cache.memo('warnings', ast, collectConditionWarnings)) {
      if (w.code === 'LOAD_DEPRECATED_ITEM') this.res.warning('LOAD_DEPRECATED_ITEM', DEPRECATED_FIELDS.get(w.field!) ?? '', warnCtx, w.field);
      else this.res.warning(w.code, '', warnCtx);
    }

    let compiled: ReturnType<CompileCache['compileCondition']>;
    let eventTypes: RuleEventTypes | undefined;
    try {
      compiled = this.cx.cache.compileCondition(ast, r.source);
      if (r.source === SYSCALL_SOURCE) eventTypes = inferEventTypes(ast, this.env.catalog);
    } catch (e) {
      if (!(e instanceof FilterCompileError)) throw new RuleLoadError('LOAD_ERR_COMPILE_CONDITION', String((e as Error)?.message ?? e), r.condCtx);
      const ctx = r.condCtx.condition(condPos(condition, e.pos), condition);
      const unknownField = e.code === UNKNOWN_FIELD || e.message.includes('nonexistent field');
      const unknownType = e.code === UNKNOWN_EVENT_TYPE || e.message.startsWith('unknown event type') || e.message.startsWith('unknown filter:');
      if (r.skipIfUnknownFilter && (unknownField || unknownType)) {
        // Falco names this warning LOAD_UNKNOWN_FILTER; for an unknown field the legacy
        // conformance suite checks the code's former name, LOAD_UNKNOWN_FIELD.
        this.res.warning(unknownField ? 'LOAD_UNKNOWN_FIELD' : 'LOAD_UNKNOWN_FILTER', e.message, ctx);
        return undefined;
      }
      throw new RuleLoadError('LOAD_ERR_COMPILE_CONDITION', e.message, ctx);
    }
    for (const w of compiled.warnings) {
      this.res.warning('LOAD_COMPILE_CONDITION', w.message, r.condCtx.condition(condPos(condition, w.pos), condition));
    }
    if (eventTypes && r.warnEvttypes && this.countCodes(eventTypes) > MAX_EVENT_CODES) {
      this.res.warning('LOAD_NO_EVTTYPE', 'Rule matches too many evt.type values. This has a significant performance penalty.', r.ctx);
    }

    return Object.freeze({
      id, name: r.name, desc: r.desc, source: r.source, condition: r.cond, compiledCondition: condition, parsed, ast,
      eventTypes: eventTypes && this.cx.cache.memo('eventTypes', eventTypes, (t) => Object.freeze({ all: t.all, names: t.names })),
      match: compiled.match, conditionFields: compiled.fields, output, outputTemplate,
      ...(extraFields.length ? { extraOutputFields: this.extraFieldSegments(extraFields, r) } : {}), priority: r.priority,
      tags: Object.freeze([...r.tags].sort()), enabled: r.enabled, exceptions: r.exceptions,
      exceptionFields: Object.freeze([...exceptionFields]), capture: r.capture, captureDuration: r.captureDuration, info: r,
    });
  }

  /** `append_output` extra fields: each field compiled as a one-field output (unknown fields are load errors). */
  private extraFieldSegments(fields: readonly ExtraOutputField[], r: RuleInfo): readonly ExtraOutputFieldSegment[] {
    return fields.map((f) => {
      if ('value' in f) return { key: f.key, value: f.value };
      let t: OutputTemplate;
      try {
        t = this.cx.cache.outputTemplate(`%${f.field}`, r.source);
      } catch (e) {
        if (!(e instanceof OutputTemplateError)) throw e;
        throw new RuleLoadError('LOAD_ERR_COMPILE_OUTPUT', `append_output extra_fields: ${e.message}`, r.outputCtx);
      }
      const seg = t.segments.length === 1 ? t.segments[0] : undefined;
      if (!seg || seg.kind !== 'field') throw new RuleLoadError('LOAD_ERR_COMPILE_OUTPUT', `append_output extra_fields: '${f.field}' is not one field`, r.outputCtx);
      return { key: f.field, segment: seg };
    });
  }

  private countCodes(t: RuleEventTypes): number {
    return this.cx.cache.memo('codeCount', t, (x) => this.countCodesNow(x));
  }

  private countCodesNow(t: RuleEventTypes): number {
    const codesOf = this.env.catalog.codes?.bind(this.env.catalog);
    if (!codesOf) return t.all ? Infinity : t.names.size * 2;
    const codes = new Set<number>();
    for (const n of t.names) for (const c of codesOf(n)) codes.add(c);
    return codes.size;
  }
}
