// The outputs and alert settings falco.yaml asks for: `file_output`, `stdout_output`,
// `program_output` (in Falco's order), `json_output` and its `json_include_*` keys (output,
// tags, message, output_fields), `buffered_outputs` (turned off by `-U`),
// `time_format_iso_8601`, `output_timeout`, and the hostname alerts carry (FALCO_HOSTNAME,
// else the machine's name).
import { hostname as osHostname } from 'node:os';

/** What is read from the configuration (FalcoConfig fits). */
export interface ConfigReader {
  get(path: string): unknown;
  bool(path: string, dflt: boolean): boolean;
  num(path: string, dflt: number): number;
}

export interface OutputSpec {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface AlertSettings {
  readonly json: boolean;
  readonly includeOutput: boolean;
  readonly includeTags: boolean;
  readonly includeMessage: boolean;
  readonly includeOutputFields: boolean;
  readonly timeIso8601: boolean;
  readonly buffered: boolean;
  readonly timeoutMs: number;
  readonly hostname: string;
  readonly outputs: readonly OutputSpec[];
  /** Enabled outputs tercel has no implementation for (warned about, not fatal). */
  readonly unsupported: readonly string[];
}

export class OutputConfigError extends Error {
  override readonly name = 'OutputConfigError';
}

const KNOWN_OUTPUTS = ['file', 'stdout', 'syslog', 'program', 'http', 'grpc'] as const;
const REQUIRED: Readonly<Record<string, string>> = { file: 'filename', program: 'program', http: 'url' };

export function readAlertSettings(
  cfg: ConfigReader,
  opts: { unbuffered?: boolean; implemented?: (name: string) => boolean; configName?: string; env?: NodeJS.ProcessEnv } = {},
): AlertSettings {
  const outputs: OutputSpec[] = [];
  const unsupported: string[] = [];
  for (const name of KNOWN_OUTPUTS) {
    if (!cfg.bool(`${name}_output.enabled`, false)) continue;
    const block = cfg.get(`${name}_output`);
    const options: Record<string, unknown> = block && typeof block === 'object' ? { ...(block as Record<string, unknown>) } : {};
    delete options.enabled;
    const req = REQUIRED[name];
    if (req && (options[req] === undefined || options[req] === null || String(options[req]) === '')) {
      throw new OutputConfigError(`Error reading config file (${opts.configName ?? 'falco.yaml'}): ${name} output enabled but no ${req} in configuration block`);
    }
    if (opts.implemented && !opts.implemented(name)) { unsupported.push(name); continue; }
    outputs.push({ name, options });
  }
  const env = opts.env ?? process.env;
  return {
    json: cfg.bool('json_output', false),
    includeOutput: cfg.bool('json_include_output_property', true),
    includeTags: cfg.bool('json_include_tags_property', true),
    includeMessage: cfg.bool('json_include_message_property', false),
    includeOutputFields: cfg.bool('json_include_output_fields_property', true),
    timeIso8601: cfg.bool('time_format_iso_8601', false),
    buffered: opts.unbuffered ? false : cfg.bool('buffered_outputs', false),
    timeoutMs: cfg.num('output_timeout', 2000),
    hostname: env.FALCO_HOSTNAME || osHostname(),
    outputs,
    unsupported,
  };
}
