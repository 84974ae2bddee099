// The schema hash the kernel probe announces in its handshake. It must equal the one
// scripts/gen-probe-schema.mjs put into probe/gen/event_schema.h: sha256 over the JSON
// of the event rows, 16 hex digits. A mismatch means the probe was built from another
// event table and its events would be decoded wrongly.
import { createHash } from 'node:crypto';
import { EVENT_ROWS } from '../events/event-table.js';

let cached: string | undefined;

export function liveSchemaHash(): string {
  cached ??= createHash('sha256').update(JSON.stringify(EVENT_ROWS)).digest('hex').slice(0, 16);
  return cached;
}
