// Decides a case from the alerts attributed to it: `expect: none` passes when no alert of
// the case's rule came; otherwise one alert of the expected rule must agree on priority,
// every listed output field and every output substring. A failure lists, for the closest
// alert, each field that differed (expected vs got).
import type { Expectation } from './test-case.js';

/** One JSON alert as tercel prints it with json_output=true. */
export interface Alert {
  rule: string;
  priority: string;
  output: string;
  output_fields?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface FieldDiff {
  field: string;
  expected: string;
  got: string;
}

export interface MatchVerdict {
  pass: boolean;
  /** One line saying why the case failed. */
  reason?: string;
  diffs: FieldDiff[];
}

/** A field value as printed in alerts: missing or null is `<NA>`. */
export function fieldText(v: unknown): string {
  if (v === undefined || v === null) return '<NA>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function diffAlert(expect: Expectation, alert: Alert): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (expect.priority !== undefined && expect.priority.toLowerCase() !== String(alert.priority).toLowerCase()) {
    diffs.push({ field: 'priority', expected: expect.priority, got: String(alert.priority) });
  }
  for (const [k, want] of Object.entries(expect.outputFields)) {
    const got = fieldText(alert.output_fields?.[k]);
    if (got !== want) diffs.push({ field: k, expected: want, got: alert.output_fields && k in alert.output_fields ? got : `${got} (not in the rule's output)` });
  }
  for (const s of expect.outputContains) {
    if (!String(alert.output).includes(s)) diffs.push({ field: 'output', expected: `contains ${JSON.stringify(s)}`, got: String(alert.output) });
  }
  return diffs;
}

/**
 * `alerts` are those attributed to the case (by pid or container); `rule` is the case's
 * rule, used for `expect: none`.
 */
export function matchCase(rule: string, expect: Expectation | null, alerts: readonly Alert[]): MatchVerdict {
  if (expect === null) {
    const hits = alerts.filter((a) => a.rule === rule);
    if (hits.length === 0) return { pass: true, diffs: [] };
    return {
      pass: false,
      reason: `expected no alert of "${rule}", got ${hits.length}: ${hits[0]!.output}`,
      diffs: [{ field: 'rule', expected: 'no alert', got: rule }],
    };
  }
  const hits = alerts.filter((a) => a.rule === expect.rule);
  if (hits.length === 0) {
    const others = [...new Set(alerts.map((a) => a.rule))];
    return {
      pass: false,
      reason: `expected an alert of "${expect.rule}", got none${others.length ? ` (the case's processes raised: ${others.join(', ')})` : ''}`,
      diffs: [{ field: 'rule', expected: expect.rule, got: others.length ? others.join(', ') : 'no alert' }],
    };
  }
  let best: FieldDiff[] | undefined;
  for (const a of hits) {
    const d = diffAlert(expect, a);
    if (d.length === 0) return { pass: true, diffs: [] };
    if (best === undefined || d.length < best.length) best = d;
  }
  return {
    pass: false,
    reason: `${hits.length} alert(s) of "${expect.rule}" arrived, none with the expected ${best!.map((d) => d.field).join(', ')}`,
    diffs: best!,
  };
}
