// The reference side of the replay benchmarks: sysdig (Debian package `sysdig`, built on
// Falco's libs) reading the same traces with `-q` (evaluate, print nothing). Installs the
// package with apt-get when it is missing.
import { execFileSync, spawn } from 'node:child_process';
import { timeProcess } from './process-timer.mjs';

export function sysdigPath() {
  try {
    return execFileSync('bash', ['-c', 'command -v sysdig'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Makes sure sysdig is installed; returns its version line or throws. */
export function ensureSysdig(log = () => {}) {
  if (!sysdigPath()) {
    log('sysdig not found: installing the Debian package');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['install', '-y', '-q', 'sysdig'], { stdio: 'inherit', env });
    } catch {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-q', 'sysdig'], { stdio: 'inherit', env });
    }
  }
  return execFileSync('sysdig', ['--version'], { encoding: 'utf8' }).trim();
}

/** One timed `sysdig -r TRACE -q [FILTER]` run. */
export async function timeSysdig(trace, filter) {
  const args = ['-r', trace, '-q'];
  if (filter) args.push(filter);
  const r = await timeProcess('sysdig', args);
  if (r.exitCode !== 0) throw new Error(`sysdig -r ${trace} failed (exit ${r.exitCode}): ${r.stderr.slice(0, 500)}`);
  return r;
}

/** Events sysdig reads from TRACE that match FILTER (all events without one), counted from `-p *%evt.num`. */
export function countSysdig(trace, filter) {
  return new Promise((resolve, reject) => {
    const args = ['-r', trace, '-p', '*%evt.num'];
    if (filter) args.push(filter);
    const child = spawn('sysdig', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let lines = 0;
    child.stdout.on('data', (chunk) => { for (const b of chunk) if (b === 10) lines++; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(lines) : reject(new Error(`sysdig ${args.join(' ')} exited ${code}`))));
  });
}
