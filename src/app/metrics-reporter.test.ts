import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsReporter, parseInterval } from './metrics-reporter.js';
import { Logger } from './logger.js';

test('intervals parse as Falco writes them', () => {
  assert.equal(parseInterval('15m'), 900_000);
  assert.equal(parseInterval('1h30m'), 5_400_000);
  assert.equal(parseInterval('500ms'), 500);
  assert.equal(parseInterval('2s'), 2000);
  assert.equal(parseInterval('soon'), undefined);
  assert.equal(parseInterval('10'), undefined);
  assert.equal(parseInterval('0s'), undefined);
});

test('a snapshot is one JSON log line with the counters and memory', () => {
  const lines: string[] = [];
  const log = new Logger();
  log.sink = (l) => lines.push(l);
  const r = new MetricsReporter(log, () => ({ events: 10, drops: 1, probeRestarts: 2, alerts: 3 }));
  r.emit();
  assert.equal(lines.length, 1);
  const json = JSON.parse(lines[0]!.slice(lines[0]!.indexOf('metrics: ') + 9));
  assert.equal(json.events, 10);
  assert.equal(json.drops, 1);
  assert.equal(json.probeRestarts, 2);
  assert.equal(json.alerts, 3);
  assert.ok(json.rss_mb > 0);
});
