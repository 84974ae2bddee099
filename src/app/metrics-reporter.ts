// Periodic metrics in the log (falco.yaml `metrics.enabled`, `metrics.interval`): events
// read, capture drops, probe restarts, alerts and memory, one JSON line per interval.
// Costs nothing when disabled (no timer is started).
import type { Logger } from './logger.js';

export interface MetricsSnapshot {
  events: number;
  drops: number;
  probeEvents?: number;
  probeErrors?: number;
  probeRestarts?: number;
  alerts: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses Falco's interval strings (`15m`, `1h`, `30s`, `500ms`, combinations like `1h30m`). */
export function parseInterval(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(text)) !== null) { total += Number(m[1]) * UNIT_MS[m[2]!]!; pos = re.lastIndex; }
  return pos === text.length && total > 0 ? total : undefined;
}

export class MetricsReporter {
  #timer?: NodeJS.Timeout;
  constructor(private readonly logger: Logger, private readonly read: () => MetricsSnapshot) {}

  start(intervalMs: number): void {
    this.#timer = setInterval(() => this.emit(), intervalMs);
    this.#timer.unref();
  }

  emit(): void {
    const s = this.read();
    const mem = process.memoryUsage();
    this.logger.info(`metrics: ${JSON.stringify({ ...s, rss_mb: Math.round(mem.rss / 1048576), heap_mb: Math.round(mem.heapUsed / 1048576) })}`);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}
