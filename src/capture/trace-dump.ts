// Prints a trace's events like `sysdig -r FILE -p "%evt.num %evt.type %evt.dir %evt.args"`,
// for debugging and differential tests. Without state, fds, thread ids and relative paths
// print raw (`fd=3` where sysdig prints `fd=3(<f>/etc/passwd)`); pass a resolver for more.
// Events flagged state-only (fatfile captures) are counted in evt.num but not printed,
// as sysdig does; so are internal events (procinfo), which sysdig hides.
import { openScapFile } from './scap-file-source.js';
import { formatArgs, type FormatOptions } from '../events/arg-formatter.js';
import type { ScapEvent } from '../events/scap-event.js';
import { EC_INTERNAL } from '../events/event-table.js';

export interface DumpOptions extends FormatOptions {
  /** Stop after this many printed lines. */
  limit?: number;
  /** Also print state-only events. */
  includeStateOnly?: boolean;
  /** Also print the library's internal events (procinfo…), which sysdig hides. */
  includeInternal?: boolean;
}

// sysdig hides internal events; the container meta-events were internal in the libs
// sysdig is built with, so they are hidden too.
function isHiddenBySysdig(evt: ScapEvent): boolean {
  const info = evt.info;
  if (!info) return false;
  return (info.category & EC_INTERNAL) !== 0 || info.name === 'container';
}

export function formatEventLine(evt: ScapEvent, opts: FormatOptions = {}): string {
  return `${evt.num} ${evt.name} ${evt.dir} ${formatArgs(evt, opts)}`;
}

/** Yields one line per event. */
export async function* dumpTraceLines(path: string, opts: DumpOptions = {}): AsyncGenerator<string> {
  const src = await openScapFile(path);
  let printed = 0;
  try {
    for (;;) {
      const batch = await src.next();
      if (batch === 'eof') return;
      for (let i = 0; i < batch.length; i++) {
        const evt = batch.event(i);
        if (evt.stateOnly && !opts.includeStateOnly) continue;
        if (!opts.includeInternal && isHiddenBySysdig(evt)) continue;
        yield formatEventLine(evt, opts);
        if (opts.limit !== undefined && ++printed >= opts.limit) return;
      }
    }
  } finally {
    await src.close();
  }
}

/** Writes the dump to `out` (stdout by default); returns the number of lines. */
export async function dumpTrace(path: string, opts: DumpOptions = {}, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  let n = 0;
  for await (const line of dumpTraceLines(path, opts)) { out(line); n++; }
  return n;
}
