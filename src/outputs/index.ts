// Public API of the outputs stage: the output contract, the registry of outputs by name,
// the built-in sinks, the dispatcher that feeds them, and the configuration reader.
export type { Output, OutputContext, OutputFactory, OutputLogger } from './output.js';
export { OutputRegistry, createDefaultOutputRegistry } from './output-registry.js';
export { StdoutOutput } from './stdout-output.js';
export { FileOutput } from './file-output.js';
export { ProgramOutput } from './program-output.js';
export { HttpOutput } from './http-output.js';
export { OutputDispatcher, type DispatcherOptions, type OutputStats } from './output-dispatcher.js';
export { readAlertSettings, OutputConfigError, type AlertSettings, type OutputSpec, type ConfigReader } from './outputs-config.js';
export { startAlertPipeline, type AlertPipeline, type AlertPipelineOptions } from './output-setup.js';
