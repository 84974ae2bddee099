// Fields of libsinsp's first `evt` class ("All event types"): numbering, timestamps, source,
// host. They apply to events of every source, so plugins' events see them too.
import type { FieldDecl } from '../field.js';
import { fieldBuilder } from './field-builder.js';

const f = fieldBuilder('evt');

export const evtGenericFields: readonly FieldDecl[] = [
  f('evt.num', 'UINT64', 'Sequence number of the event in the capture.'),
  f('evt.time', 'CHARBUF', 'Time of day of the event as text, down to the nanosecond.'),
  f('evt.time.s', 'CHARBUF', 'Time of day of the event as text, in whole seconds.'),
  f('evt.time.iso8601', 'CHARBUF', 'Event time as an ISO 8601 date and time in UTC, with nanoseconds.'),
  f('evt.datetime', 'CHARBUF', 'Event date and time of day as text, down to the nanosecond.'),
  f('evt.datetime.s', 'CHARBUF', 'Event date and time of day as text, in whole seconds.'),
  f('evt.rawtime', 'ABSTIME', 'Event time as nanoseconds since the Unix epoch.'),
  f('evt.rawtime.s', 'ABSTIME', 'Whole seconds part of the event time since the Unix epoch.'),
  f('evt.rawtime.ns', 'ABSTIME', 'Nanoseconds part (below one second) of the event time.'),
  f('evt.reltime', 'RELTIME', 'Nanoseconds elapsed between the start of the capture and the event.'),
  f('evt.reltime.s', 'RELTIME', 'Whole seconds elapsed between the start of the capture and the event.'),
  f('evt.reltime.ns', 'RELTIME', 'Nanoseconds part (below one second) of the time since the start of the capture.'),
  f('evt.pluginname', 'CHARBUF', 'For an event produced by a plugin event source, the name of that plugin (which must be loaded).'),
  f('evt.plugininfo', 'CHARBUF', 'For an event produced by a plugin event source, the one-line rendering of the event that the plugin gives (the plugin must be loaded).'),
  f('evt.source', 'CHARBUF', 'Name of the event source the event came from, e.g. syscall.'),
  f('evt.is_async', 'BOOL', 'true when the event was not produced by a traced thread but injected asynchronously (e.g. container metadata).'),
  f('evt.asynctype', 'CHARBUF', 'For an asynchronous event, its kind, e.g. container.'),
  f('evt.hostname', 'CHARBUF', 'Name of the host the engine runs on; FALCO_HOSTNAME in the environment overrides it (useful to report the Kubernetes node name from a DaemonSet).'),
];
