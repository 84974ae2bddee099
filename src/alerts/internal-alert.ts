// Alerts raised by the agent itself (`Falco internal: syscall event drop`, timeouts):
// a message and string fields rather than a rule template. Text form:
// `HH:MM:SS.nnnnnnnnn: Debug <msg> (k="v" ...)`; JSON form with sorted keys and nested
// output_fields, as Falco writes them.
import { Priority, priorityName } from '../rules/priority.js';
import type { Alert } from './alert.js';
import { jsonTime, timeOfDay } from './alert-time.js';
import { jsonQuoteLower } from './json-text.js';

export const INTERNAL_SOURCE = 'internal';

export interface InternalAlertInput {
  readonly ts: bigint;
  readonly priority: Priority;
  readonly rule: string;
  readonly msg: string;
  /** Field values; written in key order. */
  readonly fields: Readonly<Record<string, string>>;
}

export function formatInternalAlert(a: InternalAlertInput, json: boolean, hostname: string): Alert {
  const keys = Object.keys(a.fields).sort();
  const prio = priorityName(a.priority);
  const text = `${timeOfDay(a.ts)}: ${prio} ${a.msg} (${keys.map((k) => `${k}=${jsonQuoteLower(a.fields[k]!)}`).join(' ')})`;
  let line = text;
  if (json) {
    const fields = keys.map((k) => `${jsonQuoteLower(k)}:${jsonQuoteLower(a.fields[k]!)}`).join(',');
    line = `{"hostname":${jsonQuoteLower(hostname)},"output":${jsonQuoteLower(a.msg)},"output_fields":{${fields}},` +
      `"priority":${jsonQuoteLower(prio)},"rule":${jsonQuoteLower(a.rule)},"source":"${INTERNAL_SOURCE}","time":"${jsonTime(a.ts)}"}`;
  }
  return { ts: a.ts, rule: a.rule, priority: a.priority, source: INTERNAL_SOURCE, tags: [], hostname, text, line };
}
