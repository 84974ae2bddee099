// Starts the alert side of a run: the formatter, the bounded queue, the configured
// outputs and the dispatcher that feeds them.
import { AlertFormatter } from '../alerts/alert-formatter.js';
import { AlertQueue } from '../alerts/alert-queue.js';
import type { OutputLogger } from './output.js';
import { OutputDispatcher } from './output-dispatcher.js';
import { createDefaultOutputRegistry, type OutputRegistry } from './output-registry.js';
import type { AlertSettings } from './outputs-config.js';

export interface AlertPipeline {
  readonly settings: AlertSettings;
  readonly formatter: AlertFormatter;
  readonly queue: AlertQueue;
  readonly dispatcher: OutputDispatcher;
}

export interface AlertPipelineOptions {
  readonly logger: OutputLogger;
  readonly stdout: (text: string) => void;
  readonly registry?: OutputRegistry;
  readonly queueCapacity?: number;
}

/** Creates and initialises the outputs; rejects when one cannot start. */
export async function startAlertPipeline(settings: AlertSettings, opts: AlertPipelineOptions): Promise<AlertPipeline> {
  const registry = opts.registry ?? createDefaultOutputRegistry();
  for (const name of settings.unsupported) opts.logger.warning(`${name} output is not supported by tercel; alerts are not sent to it`);
  const outputs = settings.outputs.map((spec) => registry.create(spec.name, {
    options: spec.options, buffered: settings.buffered, json: settings.json, hostname: settings.hostname,
    logger: opts.logger, stdout: opts.stdout,
  }));
  const queue = new AlertQueue(opts.queueCapacity);
  const dispatcher = new OutputDispatcher(queue, outputs, opts.logger, { timeoutMs: settings.timeoutMs });
  await dispatcher.init();
  dispatcher.start();
  const formatter = new AlertFormatter({
    json: settings.json, includeOutput: settings.includeOutput, includeTags: settings.includeTags,
    includeMessage: settings.includeMessage, includeOutputFields: settings.includeOutputFields,
    timeIso8601: settings.timeIso8601, hostname: settings.hostname,
  });
  return { settings, formatter, queue, dispatcher };
}
