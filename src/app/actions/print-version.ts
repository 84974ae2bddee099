// --version: print tercel's version, the engine (rules schema) version, and exit.
import type { AppState } from '../app-state.js';
import { exit, ok, type RunResult } from '../run-result.js';
import { FALCO_COMPAT_VERSION, TERCEL_VERSION } from '../version.js';
import { ENGINE_VERSION } from '../../rules/engine-version.js';

export function printVersion(s: AppState): RunResult {
  if (!s.options.version) return ok();
  const info = { tercel_version: TERCEL_VERSION, falco_compat_version: FALCO_COMPAT_VERSION, engine_version: ENGINE_VERSION, node_version: process.versions.node };
  if (s.config?.bool('json_output', false)) s.out(JSON.stringify(info) + '\n');
  else {
    s.out(`tercel version: ${TERCEL_VERSION}\n`);
    s.out(`Falco compatibility: ${FALCO_COMPAT_VERSION}\n`);
    s.out(`Engine:        ${ENGINE_VERSION}\n`);
    s.out(`Node.js:       ${process.versions.node}\n`);
  }
  return exit(0);
}
