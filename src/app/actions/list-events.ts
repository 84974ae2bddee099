// --list-events: the syscall and meta events the schema knows, one line per event and
// direction (`> open(FSPATH name, FLAGS32 flags, UINT32 mode)`), old versions left out;
// text, markdown or JSON.
import type { AppState } from '../app-state.js';
import { EVENT_INFO, isKnownEvent, isOldVersion, paramTypeName } from '../../events/event-info.js';
import { exit, fatal, ok, type RunResult } from '../run-result.js';

export function listEvents(s: AppState): RunResult {
  if (!s.options.listEvents) return ok();
  const format = s.options.format ?? (s.options.markdown ? 'markdown' : 'text');
  const events = EVENT_INFO.filter((e) => isKnownEvent(e.code) && !isOldVersion(e.code));
  const sig = (e: (typeof events)[number]) => `${e.name}(${e.params.map((p) => `${paramTypeName(p.type)} ${p.name}`).join(', ')})`;
  switch (format) {
    case 'json':
      s.out(JSON.stringify({ events: events.map((e) => ({ code: e.code, name: e.name, dir: e.dir, params: e.params.map((p) => ({ name: p.name, type: paramTypeName(p.type) })) })) }, null, 2) + '\n');
      break;
    case 'markdown':
      s.out('Code | Dir | Event\n:----|:---|:-----\n' + events.map((e) => `${e.code} | \`${e.dir}\` | \`${sig(e)}\``).join('\n') + '\n');
      break;
    case 'text':
      s.out(events.map((e) => `${e.dir} ${sig(e)}`).join('\n') + '\n');
      break;
    default:
      return fatal(`unknown format '${format}' (use text, markdown or json)`);
  }
  return exit(0);
}
