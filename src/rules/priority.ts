// Rule priorities: Falco's eight syslog-like levels, most severe first, so that a
// numerically smaller priority is more urgent (the engine's threshold compares them so).

export enum Priority {
  Emergency = 0,
  Alert = 1,
  Critical = 2,
  Error = 3,
  Warning = 4,
  Notice = 5,
  Informational = 6,
  Debug = 7,
}

export const PRIORITY_NAMES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'] as const;
export type PriorityName = (typeof PRIORITY_NAMES)[number];

/** Case-insensitive; `info` is accepted for Informational, as Falco has always done. */
export function parsePriority(text: string): Priority | undefined {
  const t = text.toLowerCase();
  const i = PRIORITY_NAMES.findIndex((n) => n.toLowerCase() === t);
  if (i >= 0) return i as Priority;
  return t === 'info' ? Priority.Informational : undefined;
}

/** The name Falco prints (`Informational`, or `Info` in the short form). */
export function priorityName(p: Priority, short = false): string {
  return short && p === Priority.Informational ? 'Info' : PRIORITY_NAMES[p]!;
}
