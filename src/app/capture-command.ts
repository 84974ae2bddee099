// `tercel capture -w FILE [-M seconds] [-z] [-s snaplen] [filter]`: records live events from
// the eBPF probe into a .scap trace that tercel (-e), sysdig and Falco replay.
//
// The trace header holds the host as /proc showed it when capture started (machine,
// processes, fds, users, groups, interfaces), so a replay knows processes that were already
// running. Every event goes through the state tables, filtered or not: the filter (condition
// language) is evaluated on the same context rules see. Events the filter rejects but the
// state tables need (process and fd life cycle) are still written, flagged state-only, so a
// replay rebuilds the same tables without showing or evaluating them.
import { LiveProbeSource, LiveProbeError, ScapWriter, ScapFdType, resolveSyscalls, syscallsForEventTypes, type FdRecord } from '../capture/index.js';
import { EventBatch } from '../capture/event-batch.js';
import { ScapEvent, SCAP_DF_STATE_ONLY } from '../events/scap-event.js';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { EVENT_INFO } from '../events/event-info.js';
import { compileCondition, inferEventTypes, parseCondition, FilterSyntaxError, FilterCompileError, type CompiledCondition } from '../filter/index.js';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallBinders } from '../fields/syscall/binders.js';
import { SyscallState, containerInfoJson, seedLiveState, type ContainerInfo, type LiveStateHandle } from '../state/index.js';
import { STATE_EVENT_TYPES } from './live-syscalls.js';

export const CAPTURE_USAGE = `Usage: tercel capture -w FILE [options] [filter]

Records live system call events (eBPF probe, root) into a .scap trace.

Options:
  -w FILE          write the trace to FILE (required)
  -M SECONDS       stop after SECONDS (default: until SIGINT/SIGTERM)
  -z               gzip the trace
  -s BYTES         bytes kept from I/O buffers (default 80)
  -q               no progress messages on stderr
  -h, --help       this help

filter           a condition in the rules' language (e.g. "proc.name=cat and evt.type=openat");
                 only matching events are written (the state still sees every event)
`;

export interface CaptureOptions {
  out: string;
  durationSec: number;
  gzip: boolean;
  snaplen: number;
  quiet: boolean;
  filter?: string;
}

export interface CaptureCounts {
  /** Events written (matching, plus state-only ones kept for replay). */
  written: number;
  /** Events that matched the filter (all of them without one). */
  matched: number;
  /** Events read from the probe. */
  seen: number;
  /** The kernel side: events the probe produced and events it dropped (ring buffer full). */
  probeEvents: number;
  probeDrops: number;
  restarts: number;
}

export class CaptureUsageError extends Error {
  readonly code = 'CAPTURE_USAGE';
}

export function parseCaptureArgs(argv: readonly string[]): CaptureOptions | 'help' {
  const o: Partial<CaptureOptions> & { durationSec: number; gzip: boolean; snaplen: number; quiet: boolean } = { durationSec: 0, gzip: false, snaplen: 80, quiet: false };
  const words: string[] = [];
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new CaptureUsageError(`option ${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--') { words.push(...argv.slice(i + 1)); break; }
    if (a === '-w') { o.out = value(i, a); i++; continue; }
    if (a === '-M') {
      const v = Number(value(i, a)); i++;
      if (!Number.isFinite(v) || v < 0) throw new CaptureUsageError(`-M needs a number of seconds, got '${argv[i]}'`);
      o.durationSec = v; continue;
    }
    if (a === '-s') {
      const v = Number(value(i, a)); i++;
      if (!Number.isInteger(v) || v < 0) throw new CaptureUsageError(`-s needs a byte count, got '${argv[i]}'`);
      o.snaplen = v; continue;
    }
    if (a === '-z') { o.gzip = true; continue; }
    if (a === '-q') { o.quiet = true; continue; }
    if (a.startsWith('-') && a.length > 1 && words.length === 0) throw new CaptureUsageError(`unknown option '${a}'`);
    words.push(a);
  }
  if (o.out === undefined) throw new CaptureUsageError('-w FILE is required');
  const filter = words.join(' ').trim();
  return { ...o, out: o.out, filter: filter === '' ? undefined : filter };
}

export interface CaptureFilter {
  condition: CompiledCondition;
  /** Event type names the filter can match, or undefined when it may match any. */
  eventTypes?: Set<string>;
}

/** Parses and compiles a capture filter; errors carry the position within the filter text. */
export function compileCaptureFilter(text: string): CaptureFilter {
  const ast = parseCondition(text);
  const registry = createDefaultRegistry(syscallBinders);
  const condition = compileCondition(ast, { registry, source: 'syscall' });
  const types = inferEventTypes(ast, syscallEventCatalog);
  return { condition, eventTypes: types.all ? undefined : new Set(types.names) };
}

/**
 * fd types newer than FILE_V2 (bpf, userfaultfd, io_uring, memfd, pidfd) stop older libscap
 * readers (sysdig 0.29 refuses the whole file); they are written the way those readers
 * knew them: memfd as a file, the others as unsupported, names kept.
 */
function legacyFdRecords(fds: readonly FdRecord[]): FdRecord[] {
  return fds.map((f) => {
    if (f.type <= ScapFdType.FILE_V2) return f;
    if (f.type === ScapFdType.MEMFD) return { ...f, type: ScapFdType.FILE_V2, openFlags: f.openFlags ?? 0 };
    return { ...f, type: ScapFdType.UNSUPPORTED, name: f.name ?? '' };
  });
}

/** Per event code: 1 when the state tables need the event to stay right. */
function stateCodes(): Uint8Array {
  const out = new Uint8Array(EVENT_INFO.length);
  for (const n of STATE_EVENT_TYPES) for (const c of syscallEventCatalog.codes(n)) out[c] = 1;
  return out;
}

function describeFilterError(e: unknown, text: string): string | undefined {
  if (e instanceof FilterSyntaxError || e instanceof FilterCompileError) {
    return `filter: ${e.message} [${e.code}] (column ${e.column} of "${text}")`;
  }
  return undefined;
}

const CONTAINER_JSON_2_E = 324;

export interface CaptureRunOptions extends CaptureOptions {
  /** Aborting stops the capture (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  log?: (message: string) => void;
  /** Probe binary (tests). */
  probeBinary?: string;
}

/** Runs a capture to the end: seeds state from /proc, then writes events until -M or abort. */
export async function runCapture(o: CaptureRunOptions): Promise<CaptureCounts> {
  const log = o.log ?? (() => {});
  const filter = o.filter !== undefined ? compileCaptureFilter(o.filter) : undefined;
  let syscalls: (number | string)[] | undefined;
  if (filter?.eventTypes) {
    const types = new Set<string>([...STATE_EVENT_TYPES, ...filter.eventTypes]);
    syscalls = [...resolveSyscalls(syscallsForEventTypes(types)), 'procexit'];
  }
  // The probe starts before /proc is read, so no process slips between the two: events
  // queue in the pipe while the scan runs and apply on top of it.
  const source = await LiveProbeSource.open({ syscalls, snaplen: o.snaplen, binary: o.probeBinary, onLog: log });
  const counts: CaptureCounts = { written: 0, matched: 0, seen: 0, probeEvents: 0, probeDrops: 0, restarts: 0 };
  let writer: ScapWriter | undefined;
  let live: LiveStateHandle | undefined;
  try {
    // Containers resolved while capturing are written as `container` events, so a replay
    // knows their names and images from that point on.
    const resolved: ContainerInfo[] = [];
    const state = new SyscallState();
    live = seedLiveState(state, { containers: { log, onResolved: (c) => resolved.push(c) } });
    const snap = live.snapshot;
    writer = await ScapWriter.create(o.out, {
      machine: snap.machine, threads: snap.threads, fds: legacyFdRecords(snap.fds), users: snap.users, groups: snap.groups,
      interfaces: snap.interfaces, gzip: o.gzip,
    });
    log(`capturing to ${o.out}: ${snap.stats.processes} processes, ${snap.stats.threads} threads, ${snap.stats.fds} fds from /proc${o.filter ? `; filter: ${o.filter}` : ''}`);
    const writeContainers = (ts: bigint) => {
      for (const c of resolved.splice(0)) {
        // with a filter, they are there for the state only, like other unmatched events
        void writer!.writeRawEvent({ ts, tid: -1, type: CONTAINER_JSON_2_E, params: [Buffer.from(containerInfoJson(c) + '\0', 'utf8')] }, 0, filter ? SCAP_DF_STATE_ONLY : 0);
      }
    };

    const keepForState = stateCodes();
    const match = filter?.condition.match;
    const w = writer;
    const handle = async (b: EventBatch): Promise<void> => {
      if (resolved.length > 0 && b.length > 0) writeContainers(b.ts(0));
      for (let i = 0; i < b.length; i++) {
        counts.seen++;
        const ev = b.event(i);
        const ctx = state.process(ev);
        let pending: Promise<void> | undefined;
        if (match === undefined || match(ctx)) {
          counts.matched++;
          pending = w.writeEvent(ev);
        } else if (keepForState[ev.type] === 1) {
          pending = w.writeEvent(new ScapEvent(b.buf, b.hdrOff[i]!, b.lensOff[i]!, b.nparams[i]!, b.lenSize[i] as 2 | 4, ev.num, b.cpu[i]!, b.dumpFlags[i]! | SCAP_DF_STATE_ONLY));
        }
        if (pending) await pending;
      }
    };

    const deadline = o.durationSec > 0 ? Date.now() + o.durationSec * 1000 : Infinity;
    while (!o.signal?.aborted && Date.now() < deadline) {
      const b = await source.next();
      if (b === 'eof') break;
      if (b === 'timeout') continue;
      await handle(b);
    }
    // Stop the loader, then take what it had already sent.
    await source.close();
    for (;;) {
      const b = await source.next();
      if (b === 'eof') break;
      if (b !== 'timeout') await handle(b);
    }
  } finally {
    await source.close().catch(() => {});
    live?.close();
    await writer?.close();
  }
  counts.written = writer?.count ?? 0;
  counts.probeEvents = source.stats.probeEvents;
  counts.probeDrops = source.stats.probeDrops;
  counts.restarts = source.stats.restarts;
  return counts;
}

export function formatCaptureCounts(c: CaptureCounts): string {
  return `Events written: ${c.written}\nEvents matched: ${c.matched}\nEvents seen: ${c.seen}\n` +
    `Driver Events: ${c.probeEvents}\nDriver Drops: ${c.probeDrops}\nProbe restarts: ${c.restarts}\n`;
}

/** The `tercel capture` entry point; returns the exit code. */
export async function captureCommand(argv: readonly string[]): Promise<number> {
  let opts: CaptureOptions | 'help';
  try {
    opts = parseCaptureArgs(argv);
  } catch (e) {
    if (e instanceof CaptureUsageError) {
      process.stderr.write(`Error: ${e.message}\nRun 'tercel capture --help' for the options.\n`);
      return 1;
    }
    throw e;
  }
  if (opts === 'help') {
    process.stdout.write(CAPTURE_USAGE);
    return 0;
  }
  const quiet = opts.quiet;
  const log = (m: string) => { if (!quiet) process.stderr.write(`${new Date().toISOString()}: ${m}\n`); };
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const counts = await runCapture({ ...opts, signal: abort.signal, log });
    process.stdout.write(formatCaptureCounts(counts));
    return 0;
  } catch (e) {
    const msg = describeFilterError(e, opts.filter ?? '') ?? (e instanceof LiveProbeError ? e.message : undefined);
    if (msg !== undefined) {
      process.stderr.write(`Error: ${msg}\n`);
      return 1;
    }
    process.stderr.write(`Error: capture failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
