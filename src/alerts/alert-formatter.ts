// Turns a matched rule and its event into an alert. Each rule's output template is
// compiled once into parts with bound extractors: Falco's prefix (`%evt.time: Priority `,
// or `%evt.time.iso8601` with time_format_iso_8601) followed by the rule's template.
// The JSON form reproduces Falco's bytes: sorted keys, the `, "output_fields": ` graft,
// timestamps as integer ns.
import type { Extractor, FieldType, FieldValue } from '../fields/field.js';
import { helpers } from '../filter/runtime-helpers.js';
import type { EngineRule } from '../engine/engine-rule.js';
import { priorityName } from '../rules/priority.js';
import type { Alert } from './alert.js';
import { iso8601, jsonTime, timeOfDay } from './alert-time.js';
import { JSON_TIMESTAMP_FIELDS, fitWidth, printFormatOf, valueJson, valueText, type PrintFormat } from './field-value-formatter.js';
import { jsonQuote } from './json-text.js';
import type { FieldSegment } from './output-template.js';

export interface AlertFormatOptions {
  readonly json: boolean;
  /** `json_include_output_property` (default true). */
  readonly includeOutput?: boolean;
  /** `json_include_tags_property` (default true). */
  readonly includeTags?: boolean;
  /** `json_include_message_property` (default false): the output without time and priority. */
  readonly includeMessage?: boolean;
  /** `json_include_output_fields_property` (default true). */
  readonly includeOutputFields?: boolean;
  /** `time_format_iso_8601`: the line starts with the ISO time instead of the time of day. */
  readonly timeIso8601?: boolean;
  readonly hostname: string;
}

interface FieldPart {
  readonly key: string;
  readonly extract: Extractor;
  readonly type: FieldType;
  readonly fmt: PrintFormat;
  readonly width: number | undefined;
  readonly jsonTs: boolean;
}

type Part = string | FieldPart;

interface CompiledOutput {
  readonly prefix: string;
  readonly parts: readonly Part[];
  /** Distinct fields in key order, for output_fields. */
  readonly sortedFields: readonly FieldPart[];
  readonly jsonHead: string;
  readonly jsonTags: string;
}

const NO_VALUE: Extractor = () => undefined;
const TRANSFORMED_TYPE: Readonly<Record<string, FieldType>> = { len: 'UINT64' };

function bindSegment(seg: FieldSegment): FieldPart {
  const decl = seg.field.decl;
  const base = decl.bind ? decl.bind(seg.field.arg) : NO_VALUE;
  const tr = seg.transformer ? (helpers as unknown as Record<string, (v: unknown) => unknown>)[seg.transformer] : undefined;
  const extract: Extractor = tr ? (ctx) => tr(base(ctx)) as FieldValue | undefined : base;
  return {
    key: seg.text,
    extract,
    type: (seg.transformer && TRANSFORMED_TYPE[seg.transformer]) || decl.type,
    fmt: seg.transformer ? 'dec' : printFormatOf(decl.name),
    width: seg.width,
    jsonTs: !seg.transformer && seg.field.arg === undefined && JSON_TIMESTAMP_FIELDS.has(decl.name),
  };
}

/** The time field Falco puts before every syscall rule's output (it also lands in output_fields). */
const timePart = (key: string): FieldPart => ({ key, extract: NO_VALUE, type: 'CHARBUF', fmt: 'dec', width: undefined, jsonTs: true });

export class AlertFormatter {
  readonly #compiled = new WeakMap<EngineRule, CompiledOutput>();
  readonly #includeOutput: boolean;
  readonly #includeTags: boolean;
  readonly #includeMessage: boolean;
  readonly #includeOutputFields: boolean;
  readonly #timeKey: string;
  readonly #timeText: (ts: bigint) => string;

  constructor(readonly options: AlertFormatOptions) {
    this.#includeOutput = options.includeOutput ?? true;
    this.#includeTags = options.includeTags ?? true;
    this.#includeMessage = options.includeMessage ?? false;
    this.#includeOutputFields = options.includeOutputFields ?? true;
    this.#timeKey = options.timeIso8601 ? 'evt.time.iso8601' : 'evt.time';
    this.#timeText = options.timeIso8601 ? iso8601 : timeOfDay;
  }

  /** Formats the alert for `rule` matched by the event in `ctx` at time `ts`. */
  format(rule: EngineRule, ctx: unknown, ts: bigint): Alert {
    const c = this.#compile(rule);
    let message = '';
    for (const p of c.parts) {
      if (typeof p === 'string') { message += p; continue; }
      message += fitWidth(valueText(p.extract(ctx), p.type, p.fmt), p.width);
    }
    const text = this.#timeText(ts) + c.prefix + message;
    let line = text;
    if (this.options.json) {
      line = c.jsonHead;
      if (this.#includeMessage) line += `"message":${jsonQuote(message)},`;
      if (this.#includeOutput) line += `"output":${jsonQuote(text)},`;
      line += `"priority":${jsonQuote(priorityName(rule.priority))},"rule":${jsonQuote(rule.name)},"source":${jsonQuote(rule.source)},`;
      line += c.jsonTags;
      line += `"time":"${jsonTime(ts)}"`;
      if (this.#includeOutputFields) {
        // Falco grafts the formatter's field object onto the alert object, hence the spaces.
        line += ', "output_fields": {';
        let first = true;
        for (const f of c.sortedFields) {
          line += (first ? '' : ',') + jsonQuote(f.key) + ':' + (f.jsonTs ? ts.toString() : valueJson(f.extract(ctx), f.type, f.fmt));
          first = false;
        }
        line += '}';
      }
      line += '}';
    }
    return { ts, rule: rule.name, priority: rule.priority, source: rule.source, tags: rule.tags, hostname: this.options.hostname, text, line };
  }

  #compile(rule: EngineRule): CompiledOutput {
    let c = this.#compiled.get(rule);
    if (c) return c;
    const parts: Part[] = [];
    const byKey = new Map<string, FieldPart>();
    byKey.set(this.#timeKey, timePart(this.#timeKey));
    for (const seg of rule.outputTemplate.segments) {
      if (seg.kind === 'text') { parts.push(seg.text); continue; }
      const p = bindSegment(seg);
      parts.push(p);
      if (!byKey.has(p.key)) byKey.set(p.key, p);
    }
    // append_output extra_fields join output_fields (not the text); a fixed value is a constant
    for (const x of rule.extraOutputFields ?? []) {
      if (byKey.has(x.key)) continue;
      if ('segment' in x) byKey.set(x.key, bindSegment(x.segment));
      else { const v = x.value; byKey.set(x.key, { key: x.key, extract: () => v, type: 'CHARBUF', fmt: 'dec', width: undefined, jsonTs: false }); }
    }
    const sortedFields = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const tags = [...rule.tags].sort();
    c = {
      prefix: `: ${priorityName(rule.priority)} `,
      parts,
      sortedFields,
      jsonHead: `{"hostname":${jsonQuote(this.options.hostname)},`,
      jsonTags: this.#includeTags ? `"tags":[${tags.map(jsonQuote).join(',')}],` : '',
    };
    this.#compiled.set(rule, c);
    return c;
  }
}
