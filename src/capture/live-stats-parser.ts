// Reads the loader's stderr: one JSON object per line, {"type":"stats",...} each second
// and {"type":"error","message":...} on failure; anything else (libbpf's own messages)
// is kept as text for diagnostics.
export interface ProbeCounters {
  events: number;
  drops: number;
  errors: number;
  wakeups: number;
  records: number;
  final: boolean;
}

export type ProbeStderrLine =
  | { kind: 'stats'; counters: ProbeCounters }
  | { kind: 'error'; message: string }
  | { kind: 'text'; text: string };

export function parseProbeStderrLine(line: string): ProbeStderrLine {
  if (line.startsWith('{')) {
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      if (o.type === 'stats') {
        const n = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : 0);
        return { kind: 'stats', counters: { events: n('events'), drops: n('drops'), errors: n('errors'), wakeups: n('wakeups'), records: n('records'), final: o.final === true } };
      }
      if (o.type === 'error' && typeof o.message === 'string') return { kind: 'error', message: o.message };
    } catch {
      // not JSON after all: keep it as text
    }
  }
  return { kind: 'text', text: line };
}

/** Splits a byte stream into lines, keeping a partial last line for the next chunk. */
export class LineSplitter {
  private rest = '';
  push(chunk: string, onLine: (line: string) => void): void {
    const text = this.rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl).trim();
      if (line) onLine(line);
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }
}
