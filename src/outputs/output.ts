// The contract every alert sink implements, and what it is given when made. Outputs run
// off the engine's path: the dispatcher feeds them from the alert queue, one alert at a
// time and in order, and owns retries and drop accounting.
import type { Alert } from '../alerts/alert.js';

export interface OutputLogger {
  error(message: string): void;
  warning(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface OutputContext {
  /** The output's options from its configuration block (`filename`, `program`, `keep_alive`…). */
  readonly options: Readonly<Record<string, unknown>>;
  /** `buffered_outputs`: lines may be held and written in batches; false flushes every line. */
  readonly buffered: boolean;
  readonly json: boolean;
  readonly hostname: string;
  readonly logger: OutputLogger;
  /** The process's standard output (replaced in tests). */
  readonly stdout: (text: string) => void;
}

export interface Output {
  readonly name: string;
  /** Opens what the output needs. A failure here is reported at start-up. */
  init(): Promise<void>;
  /** Delivers one alert. Rejects (or throws) when it could not; the dispatcher retries and counts. */
  emit(alert: Alert): Promise<void> | void;
  /** Optional: writes what a buffered output holds; called after each batch of alerts. */
  flush?(): Promise<void> | void;
  /** Closes and opens again (SIGUSR1, log rotation). */
  reopen(): Promise<void>;
  /** Flushes and releases everything; safe to call twice. */
  close(): Promise<void>;
}

export type OutputFactory = (ctx: OutputContext) => Output;
