// One alert on its way to the outputs: the facts about the match and the line the
// outputs write (text or JSON, already formatted on the engine side, as Falco does).
import type { Priority } from '../rules/priority.js';

export interface Alert {
  /** Event time, ns since the epoch. */
  readonly ts: bigint;
  readonly rule: string;
  readonly priority: Priority;
  readonly source: string;
  readonly tags: readonly string[];
  readonly hostname: string;
  /** The text form `time: Priority output`, whatever the output format. */
  readonly text: string;
  /** What the outputs write, without the newline: the JSON object in JSON mode, else `text`. */
  readonly line: string;
}
