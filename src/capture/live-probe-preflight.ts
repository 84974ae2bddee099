// Where the probe binary lives and whether it can run here. Each refusal says what is
// wrong and what to do, with a code the CLI can show.
import { accessSync, constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILD_COMMAND = 'scripts/build-probe.sh';

export type LiveProbeErrorCode = 'LIVE_NOT_ROOT' | 'LIVE_NO_BTF' | 'LIVE_NOT_BUILT' | 'LIVE_SCHEMA_MISMATCH' | 'LIVE_PROBE_FAILED' | 'LIVE_BAD_STREAM';

export class LiveProbeError extends Error {
  constructor(readonly code: LiveProbeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LiveProbeError';
  }
}

/** The package root (dist/capture/ -> ../..). */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The loader built by scripts/build-probe.sh; TERCEL_PROBE overrides it. */
export function defaultProbePath(): string {
  return process.env.TERCEL_PROBE || join(packageRoot(), 'probe', 'build', 'tercel-probe');
}

export interface PreflightResult {
  ok: boolean;
  error?: LiveProbeError;
}

export function checkLiveProbe(binary = defaultProbePath()): PreflightResult {
  if (typeof process.geteuid === 'function' && process.geteuid() !== 0) {
    return { ok: false, error: new LiveProbeError('LIVE_NOT_ROOT', 'live capture needs root (it loads eBPF programs); run as root or replay a trace with -e FILE') };
  }
  try {
    accessSync('/sys/kernel/btf/vmlinux', constants.R_OK);
  } catch (cause) {
    return { ok: false, error: new LiveProbeError('LIVE_NO_BTF', 'this kernel exposes no BTF (/sys/kernel/btf/vmlinux is missing): the CO-RE probe needs a kernel built with CONFIG_DEBUG_INFO_BTF=y', { cause }) };
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch (cause) {
    return { ok: false, error: new LiveProbeError('LIVE_NOT_BUILT', `the kernel probe is not built (${binary} is missing); build it with ${BUILD_COMMAND}`, { cause }) };
  }
  return { ok: true };
}
