// What start-up actions share: options, configuration, logger, and what earlier actions built.
import type { CliOptions } from './cli-options.js';
import type { FalcoConfig } from './config/falco-config.js';
import { Logger } from './logger.js';

export interface AppState {
  readonly options: CliOptions;
  readonly logger: Logger;
  /** Standard output, replaced in tests. */
  readonly out: (text: string) => void;
  config?: FalcoConfig;
  /** Filled by later actions; each stage owns the type of its entry. */
  [extra: string]: unknown;
}

export function createAppState(options: CliOptions, out: (text: string) => void = (t) => process.stdout.write(t)): AppState {
  return { options, logger: new Logger(), out };
}
