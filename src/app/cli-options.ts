// Falco's command-line flags (cxxopts semantics: `-oKEY=V`, `-o KEY=V`, `--option=KEY=V`,
// bundled short booleans like `-Av`, repeatable list flags), parsed into one options object.

export interface CliOptions {
  help: boolean;
  version: boolean;
  confFile?: string;
  rulesFiles: string[];
  validateFiles: string[];
  configOverrides: string[];
  describeAll: boolean;
  describeRule?: string;
  /** `--list` given: the source to list, '' for all. */
  listSource?: string;
  listEvents: boolean;
  listPlugins: boolean;
  namesOnly: boolean;
  markdown: boolean;
  format?: string;
  dryRun: boolean;
  enableSources: string[];
  disableSources: string[];
  durationSec: number;
  unbuffered: boolean;
  verbose: boolean;
  allEvents: boolean;
  traceFile?: string;
  disabledRuleSubstrings: string[];
  disabledTags: string[];
  enabledTags: string[];
  printAdditional?: string;
  pidfile?: string;
  pluginInfo?: string;
  printIgnored: boolean;
  pageSize: boolean;
  support: boolean;
}

type Kind = 'bool' | 'value' | 'list' | 'implicit';
interface Spec { key: keyof CliOptions; kind: Kind; short?: string; long?: string; arg?: string; help: string }

export const OPTION_SPECS: readonly Spec[] = [
  { key: 'help', kind: 'bool', short: 'h', long: 'help', help: 'Print this help list and exit.' },
  { key: 'confFile', kind: 'value', short: 'c', arg: '<path>', help: 'Configuration file (falco.yaml format). Without it, /etc/tercel/falco.yaml or /etc/falco/falco.yaml is used when present.' },
  { key: 'disableSources', kind: 'list', long: 'disable-source', arg: '<event_source>', help: 'Turn off an event source. Repeatable; cannot be mixed with --enable-source.' },
  { key: 'dryRun', kind: 'bool', long: 'dry-run', help: 'Load configuration and rules, report any problem, and exit without processing events.' },
  { key: 'allEvents', kind: 'bool', short: 'A', help: 'Monitor every event, including those ignored by default for performance.' },
  { key: 'disabledRuleSubstrings', kind: 'list', short: 'D', arg: '<substring>', help: 'Disable the rules whose name contains <substring>. Repeatable; cannot be mixed with -t.' },
  { key: 'traceFile', kind: 'value', short: 'e', arg: '<events_file>', help: 'Replay the events of a .scap trace file instead of capturing live.' },
  { key: 'enableSources', kind: 'list', long: 'enable-source', arg: '<event_source>', help: 'Enable only the given event sources. Repeatable; cannot be mixed with --disable-source.' },
  { key: 'printIgnored', kind: 'bool', short: 'i', help: 'Print the events ignored by default for performance reasons and exit.' },
  { key: 'describeAll', kind: 'bool', short: 'L', help: 'Show the name and description of all rules and exit (JSON details with json_output=true).' },
  { key: 'describeRule', kind: 'value', short: 'l', arg: '<rule>', help: 'Show the name and description of one rule and exit.' },
  { key: 'listSource', kind: 'implicit', long: 'list', arg: '[<source>]', help: 'List the fields of every source (or of <source>) and exit.' },
  { key: 'listEvents', kind: 'bool', long: 'list-events', help: 'List the syscall and meta events and exit.' },
  { key: 'listPlugins', kind: 'bool', long: 'list-plugins', help: 'Print the loaded plugins and exit.' },
  { key: 'durationSec', kind: 'value', short: 'M', arg: '<num_seconds>', help: 'Stop after <num_seconds> seconds.' },
  { key: 'markdown', kind: 'bool', long: 'markdown', help: 'Deprecated: same as --format markdown.' },
  { key: 'format', kind: 'value', long: 'format', arg: '<format>', help: "Output format of --list/--list-events: 'text', 'markdown' or 'json'." },
  { key: 'namesOnly', kind: 'bool', short: 'N', help: 'With --list, print field names only.' },
  { key: 'configOverrides', kind: 'list', short: 'o', long: 'option', arg: '<opt>=<val>', help: 'Set a configuration key (dot paths, list[i], list[]), overriding the configuration file.' },
  { key: 'pluginInfo', kind: 'value', long: 'plugin-info', arg: '<plugin_name>', help: 'Print information on a plugin and exit.' },
  { key: 'printAdditional', kind: 'value', short: 'p', long: 'print', arg: '<output_format>', help: 'Deprecated: append a format to every rule output (-pc container, -pk kubernetes).' },
  { key: 'pidfile', kind: 'value', short: 'P', long: 'pidfile', arg: '<pid_file>', help: 'Write the process id to <pid_file>.' },
  { key: 'rulesFiles', kind: 'list', short: 'r', arg: '<rules_file>', help: 'Rules file or directory (only .yml/.yaml files, in name order). Repeatable, loaded in order.' },
  { key: 'support', kind: 'bool', long: 'support', help: 'Print support information as JSON and exit.' },
  { key: 'disabledTags', kind: 'list', short: 'T', arg: '<tag>', help: 'Disable the rules with tag <tag>. Repeatable; cannot be mixed with -t.' },
  { key: 'enabledTags', kind: 'list', short: 't', arg: '<tag>', help: 'Enable only the rules with tag <tag>. Repeatable.' },
  { key: 'unbuffered', kind: 'bool', short: 'U', long: 'unbuffered', help: 'Flush every output line at once.' },
  { key: 'validateFiles', kind: 'list', short: 'V', long: 'validate', arg: '<rules_file>', help: 'Validate rules file(s) and exit. Repeatable; files load in order into one engine.' },
  { key: 'verbose', kind: 'bool', short: 'v', help: 'Verbose output.' },
  { key: 'version', kind: 'bool', long: 'version', help: 'Print version information and exit.' },
  { key: 'pageSize', kind: 'bool', long: 'page-size', help: 'Print the system page size and exit.' },
];

export class CliUsageError extends Error {}

export function defaultOptions(): CliOptions {
  return {
    help: false, version: false, rulesFiles: [], validateFiles: [], configOverrides: [],
    describeAll: false, listEvents: false, listPlugins: false, namesOnly: false, markdown: false,
    dryRun: false, enableSources: [], disableSources: [], durationSec: 0, unbuffered: false,
    verbose: false, allEvents: false, disabledRuleSubstrings: [], disabledTags: [], enabledTags: [],
    printIgnored: false, pageSize: false, support: false,
  };
}

const byShort = new Map(OPTION_SPECS.filter((s) => s.short).map((s) => [s.short!, s]));
const byLong = new Map(OPTION_SPECS.filter((s) => s.long).map((s) => [s.long!, s]));

function assign(opts: CliOptions, spec: Spec, value: string | undefined, flag: string): void {
  const o = opts as unknown as Record<string, unknown>;
  switch (spec.kind) {
    case 'bool': o[spec.key] = true; break;
    case 'implicit': o[spec.key] = value ?? ''; break;
    case 'list': (o[spec.key] as string[]).push(value!); break;
    case 'value':
      if (spec.key === 'durationSec') {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0) throw new CliUsageError(`Argument '${value}' for option '${flag}' is not a valid number of seconds`);
        o[spec.key] = n;
      } else o[spec.key] = value;
      break;
  }
}

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const opts = defaultOptions();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byLong.get(name);
      if (!spec) throw new CliUsageError(`Option '${name}' does not exist`);
      let value: string | undefined = eq < 0 ? undefined : a.slice(eq + 1);
      if (spec.kind === 'bool') {
        if (value !== undefined && !/^(true|false)$/.test(value)) throw new CliUsageError(`Option '${name}' does not take an argument`);
        if (value !== 'false') assign(opts, spec, undefined, name);
        continue;
      }
      if (value === undefined && spec.kind === 'implicit') {
        // `--list syscall`: take the next word when it is not another flag
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('-')) { value = next; i++; }
      } else if (value === undefined) {
        if (i + 1 >= argv.length) throw new CliUsageError(`Option '${name}' is missing an argument`);
        value = argv[++i];
      }
      assign(opts, spec, value, name);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const spec = byShort.get(a[j]!);
        if (!spec) throw new CliUsageError(`Option '${a[j]}' does not exist`);
        if (spec.kind === 'bool') { assign(opts, spec, undefined, a[j]!); continue; }
        let value = a.slice(j + 1);
        if (value === '') {
          if (i + 1 >= argv.length) throw new CliUsageError(`Option '${a[j]}' is missing an argument`);
          value = argv[++i]!;
        }
        assign(opts, spec, value, a[j]!);
        break;
      }
    } else {
      throw new CliUsageError(`Unexpected argument '${a}'`);
    }
  }
  return opts;
}

export function usageText(): string {
  const lines = ['tercel, a runtime security engine compatible with Falco', 'Usage:', '  tercel [OPTION...]', '  tercel capture -w <file.scap> [-M seconds] [filter]', '  tercel test <file-or-dir>', ''];
  for (const s of OPTION_SPECS) {
    const names = [s.short ? `-${s.short}` : '', s.long ? `--${s.long}` : ''].filter(Boolean).join(', ');
    const head = `  ${names}${s.arg ? ' ' + s.arg : ''}`;
    lines.push(head.padEnd(34) + ' ' + s.help);
  }
  return lines.join('\n') + '\n';
}
