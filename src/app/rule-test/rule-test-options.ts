// Command-line options of `tercel test <file-or-dir>... [-r rules]...`.

export interface RuleTestOptions {
  paths: string[];
  rulesFiles: string[];
  json: boolean;
  list: boolean;
  help: boolean;
  /** Substrings of expanded case ids; a case runs when it contains any. */
  casePatterns: string[];
  timeoutMs?: number;
  /** `alias=reference` overrides of the files' `images`. */
  images: Record<string, string>;
  verbose: boolean;
  /** `-o key=value` passed on to tercel (configuration overrides). */
  overrides: string[];
}

export class RuleTestUsageError extends Error {}

export const RULE_TEST_HELP = `Usage: tercel test <file-or-dir>... [options]

Performs the live test cases of rule test files (docs/rule-tests.md) for real and checks
the alerts tercel raises. Needs root and the eBPF probe; container cases need podman.

Options:
  -r <rules_file>       rules file(s) to load instead of each test file's rules_file (repeatable)
  --json                print the results as one JSON document
  --case <text>         run only the cases whose expanded id contains <text> (repeatable)
  --timeout <ms>        default wait for alerts after a case's chain exits (default 3000)
  --image <alias=ref>   use image <ref> for the alias <alias> (repeatable)
  -o <key=value>        configuration override passed on to tercel (repeatable)
  --list                list the expanded cases without running them (no root needed)
  -v, --verbose         print tercel's stderr when it fails to start, and each case's alerts
  -h, --help            this help
`;

export function parseRuleTestOptions(argv: readonly string[]): RuleTestOptions {
  const o: RuleTestOptions = { paths: [], rulesFiles: [], json: false, list: false, help: false, casePatterns: [], images: {}, verbose: false, overrides: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new RuleTestUsageError(`option '${a}' needs a value`);
      return v;
    };
    const flag = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (flag) {
      case '-r':
        o.rulesFiles.push(value());
        break;
      case '-o':
        o.overrides.push(value());
        break;
      case '--json':
        o.json = true;
        break;
      case '--list':
        o.list = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '-v':
      case '--verbose':
        o.verbose = true;
        break;
      case '--case':
        o.casePatterns.push(value());
        break;
      case '--timeout': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0) throw new RuleTestUsageError(`--timeout needs a positive number of milliseconds, not '${v}'`);
        o.timeoutMs = n;
        break;
      }
      case '--image': {
        const v = value();
        const eq = v.indexOf('=');
        if (eq <= 0) throw new RuleTestUsageError(`--image needs alias=reference, not '${v}'`);
        o.images[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new RuleTestUsageError(`unknown option '${a}'`);
        o.paths.push(a);
    }
  }
  if (!o.help && o.paths.length === 0) throw new RuleTestUsageError('no test file or directory given');
  return o;
}
