// Process events: replay a trace (-e, or engine.kind=replay with engine.replay.capture_file)
// or capture live with the eBPF probe (engine.kind=modern_ebpf, the default); --dry-run stops
// before. SIGINT/SIGTERM stop the run cleanly (summary printed), SIGUSR1 reopens outputs.
import type { AppState } from '../app-state.js';
import type { FalcoConfig } from '../config/falco-config.js';
import type { RulesLoader } from '../../rules/index.js';
import { buildEngine, readEngineSettings, runReplay, syscallStateHook, type HeaderedSource, type ReplayControls, type ReplayStateHook, type RuleEngine } from '../../engine/index.js';
import { SyscallState, seedLiveState, type LiveStateHandle } from '../../state/index.js';
import { MetricsReporter, parseInterval } from '../metrics-reporter.js';
import { LiveProbeSource, LiveProbeError, syscallsForEventTypes, resolveSyscalls } from '../../capture/index.js';
import { ContainerEventInjector } from '../../capture/container-event-injector.js';
import { chooseLiveEventTypes } from '../live-syscalls.js';
import { startRuleDnsNames } from '../rule-dns-names.js';
import { exit, fatal, type RunResult } from '../run-result.js';

function traceFile(s: AppState, c: FalcoConfig): string | undefined {
  if (s.options.traceFile !== undefined) return s.options.traceFile;
  if (c.str('engine.kind', 'modern_ebpf') === 'replay') {
    const f = c.str('engine.replay.capture_file');
    return f === undefined || f === '' ? undefined : f;
  }
  return undefined;
}

async function openLive(s: AppState, c: FalcoConfig, loader: RulesLoader): Promise<LiveProbeSource> {
  const rules = loader.rules().filter((r) => r.source === 'syscall');
  const types = new Set<string>();
  let all = false;
  for (const r of rules) {
    if (!r.eventTypes) continue;
    if (r.eventTypes.all) all = true;
    for (const n of r.eventTypes.names) types.add(n);
  }
  const choice = chooseLiveEventTypes(c, types, all);
  const syscalls = choice.eventTypes ? [...resolveSyscalls(syscallsForEventTypes(choice.eventTypes)), 'procexit'] : undefined;
  const bufPreset = c.num('syscall_buf_size_preset', 4);
  const ringbufMb = c.num('engine.modern_ebpf.buf_size_preset', bufPreset) >= 6 ? 64 : 16;
  return LiveProbeSource.open({
    syscalls,
    ringbufMb,
    snaplen: c.num('snaplen', 80),
    onLog: (m) => s.logger.warning(m),
  });
}

export async function processEvents(s: AppState): Promise<RunResult> {
  const c = s.config!;
  if (s.options.dryRun) {
    s.logger.info('Skipping event processing in dry-run');
    return exit(0);
  }
  const loader = s.loader as RulesLoader;
  const trace = traceFile(s, c);
  const kind = c.str('engine.kind', 'modern_ebpf');
  if (trace === undefined && kind === 'replay') return fatal("engine.kind is 'replay' but engine.replay.capture_file is not set (or pass -e FILE)");
  if (trace === undefined && !['modern_ebpf', 'ebpf', 'kmod'].includes(kind)) {
    return fatal(`engine.kind '${kind}' is not supported; use modern_ebpf (live) or replay`);
  }

  let source: HeaderedSource | undefined;
  if (trace === undefined) {
    try {
      source = await openLive(s, c, loader);
    } catch (e) {
      if (e instanceof LiveProbeError) return fatal(e.message);
      throw e;
    }
    s.logger.info('Starting live capture with the modern eBPF probe');
  } else {
    s.logger.info(`Reading system call events from file: ${trace}`);
  }

  const abort = new AbortController();
  let controls: ReplayControls | undefined;
  const stop = () => abort.abort();
  const reopen = () => controls?.reopenOutputs();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGUSR1', reopen);
  const o = s.options;
  const live = source as LiveProbeSource | undefined;
  // container events are made when a new container's metadata arrives, delivered in stream order
  const injector = live ? new ContainerEventInjector(live) : undefined;
  const selection = {
    disabledSubstrings: o.disabledRuleSubstrings,
    disabledTags: o.disabledTags,
    enabledTags: o.enabledTags,
    selections: c.ruleSelections(),
  };
  // Built here (rather than inside the runner) so that metrics can read its counters; a
  // configuration error is left for the runner to report in Falco's words.
  let engine: RuleEngine | undefined;
  try {
    engine = buildEngine(loader.rules(), readEngineSettings(c), selection);
  } catch {
    engine = undefined;
  }
  let metrics: MetricsReporter | undefined;
  if (c.bool('metrics.enabled', false)) {
    const text = c.str('metrics.interval', '1h');
    const ms = parseInterval(text);
    if (ms === undefined) return fatal(`configuration key 'metrics.interval': '${text}' is not a duration (e.g. 15s, 5m, 1h)`);
    metrics = new MetricsReporter(s.logger, () => ({
      events: live ? live.stats.events : 0,
      drops: live ? live.stats.probeDrops : 0,
      probeEvents: live?.stats.probeEvents,
      probeErrors: live?.stats.probeErrors,
      probeRestarts: live?.stats.restarts,
      alerts: engine?.stats.total ?? 0,
    }));
    metrics.start(ms);
  }
  // Live: seed the tables from /proc once the probe runs (so nothing starts unseen in
  // between), and resolve container metadata from the runtime's API as ids appear.
  let liveState: LiveStateHandle | undefined;
  let stateHook: ReplayStateHook | undefined;
  if (live) {
    const hook = syscallStateHook(new SyscallState());
    stateHook = {
      ...hook,
      begin: () => {
        liveState = seedLiveState(hook.state, {
          containers: { log: (m: string) => s.logger.warning(m) },
          containerEvents: injector && ((json, tid) => injector.injectContainer(json, tid)),
        });
        const st = liveState.scan;
        s.logger.info(`Seeded state from /proc: ${st.processes} processes, ${st.threads} threads, ${st.fds} fds in ${Math.round(st.elapsedMs)} ms`);
      },
    };
  }
  // Names compared with fd.*ip.name resolve in the background (as Falco's DNS manager does);
  // live start-up gives the first round up to a second, a replay does not wait: a name
  // server that does not answer must not hold every run.
  const dnsNames = await startRuleDnsNames(loader.rules(), { waitMs: live ? 1000 : 0, log: (m) => s.logger.info(m) });
  try {
    const result = await runReplay({
      state: stateHook,
      tracePath: trace,
      source: injector ?? source,
      captureCounters: live ? () => ({ events: live.stats.probeEvents, drops: live.stats.probeDrops }) : undefined,
      config: c,
      rules: loader.rules(),
      engine,
      selection,
      logger: s.logger,
      out: s.out,
      durationSec: o.durationSec,
      unbuffered: o.unbuffered,
      verbose: o.verbose,
      signal: abort.signal,
      onStart: (ctl) => { controls = ctl; },
    });
    if (live) {
      const st = live.stats;
      s.out(`Live capture: ${st.probeEvents} events captured by the probe, ${st.events} read, ${st.probeDrops} dropped, ${st.probeErrors} probe errors, ${st.restarts} probe restarts\n`);
    }
    if (result.error !== undefined) return fatal(result.error, result.exitCode || 1);
    return exit(result.exitCode);
  } finally {
    dnsNames.stop();
    metrics?.stop();
    liveState?.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGUSR1', reopen);
  }
}
