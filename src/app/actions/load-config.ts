// Load falco.yaml (from -c, a default location, or built-in defaults), apply -o, and
// configure the logger from it.
import type { AppState } from '../app-state.js';
import { ConfigError, FalcoConfig } from '../config/falco-config.js';
import { BUILTIN_CONFIG, findDefaultConfigFile } from '../config/default-config.js';
import { applyOverride } from '../config/config-overrides.js';
import { Logger } from '../logger.js';
import { fatal, ok, type RunResult } from '../run-result.js';

export function loadConfig(s: AppState): RunResult {
  const path = s.options.confFile ?? findDefaultConfigFile();
  try {
    if (path === undefined) {
      const tree = structuredClone(BUILTIN_CONFIG) as Record<string, unknown>;
      for (const o of s.options.configOverrides) applyOverride(tree, o);
      s.config = new FalcoConfig(tree);
    } else {
      s.config = FalcoConfig.load(path, s.options.configOverrides);
    }
    const c = s.config;
    s.logger.toStderr = c.bool('log_stderr', true);
    s.logger.isoTime = c.bool('time_format_iso_8601', false);
    const lvl = c.str('log_level', 'info');
    const parsed = Logger.parseLevel(lvl);
    if (!parsed) return fatal(`configuration key 'log_level': unknown level '${lvl}' (use one of emergency, alert, critical, error, warning, notice, info, debug)`);
    s.logger.level = parsed;
  } catch (e) {
    if (e instanceof ConfigError || (e as Error).name === 'ConfigOverrideError') return fatal((e as Error).message);
    throw e;
  }
  s.logger.info(`tercel initialized with configuration ${path ? `files:\n   ${path}` : 'defaults (no configuration file found)'}`);
  return ok();
}
