// Where the configuration comes from when -c is not given: the first of these files that
// exists, else built-in defaults equivalent to a minimal falco.yaml.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CONFIG_SEARCH_PATHS = ['/etc/tercel/falco.yaml', '/etc/falco/falco.yaml'];

/** The default rules shipped with tercel (stable maturity). */
export const DEFAULT_RULES_FILE = fileURLToPath(new URL('../../../rules/tercel_rules.yaml', import.meta.url));

export function findDefaultConfigFile(): string | undefined {
  return CONFIG_SEARCH_PATHS.find((p) => existsSync(p));
}

export const BUILTIN_CONFIG = {
  rules_files: [DEFAULT_RULES_FILE],
  json_output: false,
  json_include_output_property: true,
  json_include_tags_property: true,
  priority: 'debug',
  log_stderr: true,
  log_level: 'info',
  stdout_output: { enabled: true },
  engine: { kind: 'modern_ebpf' },
};
