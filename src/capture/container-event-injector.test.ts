// The injecting wrapper: queued events come out in their own batch before the wrapped
// source's next batch, stamped no earlier than the last delivered event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerEventInjector } from './container-event-injector.js';
import { EventBatch } from './event-batch.js';
import type { EventSource } from './event-source.js';
import { encodeEvent, enc } from '../events/event-encoder.js';
import { EVENT_INFO } from '../events/event-info.js';
import { EVENT_HEADER_SIZE } from '../events/scap-event.js';

const CLOSE_X = EVENT_INFO.find((e) => e.id === 'SYSCALL_CLOSE_X')!.code;
const CONTAINER_JSON_2_E = EVENT_INFO.find((e) => e.id === 'CONTAINER_JSON_2_E')!.code;

function probeBatch(ts: bigint, firstNum: number): EventBatch {
  const buf = encodeEvent({ ts, tid: 42, type: CLOSE_X, params: [enc.i64(0)] });
  const b = new EventBatch(buf, 1, firstNum, 0);
  b.hdrOff[0] = 0; b.lensOff[0] = EVENT_HEADER_SIZE; b.nparams[0] = 1; b.lenSize[0] = 2; b.type[0] = CLOSE_X; b.length = 1;
  return b;
}

function fakeSource(batches: (EventBatch | 'timeout')[]): EventSource {
  return {
    stats: { events: 0, unknownEventTypes: 0, skippedBlocks: 0, bytes: 0 },
    async next() { return batches.shift() ?? 'eof'; },
    async close() {},
  };
}

test('injected events come first, in a batch of their own, stamped after the last delivered event', async () => {
  const late = 5_000_000_000_000_000_000n;
  const src = new ContainerEventInjector(fakeSource([probeBatch(late, 1), probeBatch(late + 10n, 2)]), { now: () => 1000n });
  const first = await src.next() as EventBatch;
  assert.equal(first.type[0], CLOSE_X);
  src.injectContainer('{"container":{"id":"abc"}}', 77);
  assert.equal(src.pending, 1);
  const injected = await src.next() as EventBatch;
  assert.equal(injected.length, 1);
  assert.equal(injected.type[0], CONTAINER_JSON_2_E);
  assert.equal(injected.tid(0), 77);
  assert.equal(injected.ts(0), late, 'a clock behind the stream does not move time backwards');
  assert.equal(injected.firstNum, 2);
  const e = injected.event(0);
  assert.equal(e.param('json'), '{"container":{"id":"abc"}}');
  assert.equal(src.pending, 0);
  const second = await src.next() as EventBatch;
  assert.equal(second.type[0], CLOSE_X);
  assert.equal(await src.next(), 'eof');
});

test('with the clock ahead of the stream the event gets the current time; timeouts pass through', async () => {
  const src = new ContainerEventInjector(fakeSource(['timeout']), { now: () => 123_456n });
  assert.equal(await src.next(), 'timeout');
  src.injectContainer('{}', -1);
  src.injectContainer('{"x":1}', 5);
  const b = await src.next() as EventBatch;
  assert.equal(b.length, 2);
  assert.equal(b.ts(0), 123_456n);
  assert.equal(b.tid(0), -1);
  assert.equal(b.event(1).param('json'), '{"x":1}');
});
