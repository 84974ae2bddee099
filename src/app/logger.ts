// The agent's log: stderr lines prefixed with a timestamp, as Falco's logger prints them
// ("Mon Nov 23 17:58:57 2026: msg" or ISO 8601 "2026-11-23T17:58:57+0000: msg").
export type LogLevel = 'emergency' | 'alert' | 'critical' | 'error' | 'warning' | 'notice' | 'info' | 'debug';

const LEVELS: Record<LogLevel, number> = {
  emergency: 0, alert: 1, critical: 2, error: 3, warning: 4, notice: 5, info: 6, debug: 7,
};
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

export class Logger {
  level: LogLevel = 'info';
  toStderr = true;
  isoTime = false;
  /** Where lines go; replaced in tests. */
  sink: (line: string) => void = (line) => process.stderr.write(line);

  enabled(level: LogLevel): boolean {
    return this.toStderr && LEVELS[level] <= LEVELS[this.level];
  }

  log(level: LogLevel, message: string): void {
    if (!this.enabled(level)) return;
    const text = message.endsWith('\n') ? message : message + '\n';
    this.sink(`${this.timestamp(new Date())}: ${text}`);
  }

  error(m: string) { this.log('error', m); }
  warning(m: string) { this.log('warning', m); }
  info(m: string) { this.log('info', m); }
  debug(m: string) { this.log('debug', m); }

  timestamp(d: Date): string {
    if (this.isoTime) {
      return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}+0000`;
    }
    return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`;
  }

  static parseLevel(s: string): LogLevel | undefined {
    const l = s.toLowerCase();
    return l in LEVELS ? (l as LogLevel) : undefined;
  }
}
