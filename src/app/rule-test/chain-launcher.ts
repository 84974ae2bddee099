// Starts a case's process chain and waits for it: on the host the runner spawns the
// helper in "launch" mode, which becomes the chain's first process (its parent is the
// runner); in a container the helper is started by `podman exec` (parent: the runtime) or
// is the container's own command (`start: init`, pid 1).
import { spawn } from 'node:child_process';
import type { PodmanClient } from './podman-client.js';
import { HELPER_DIR } from './test-case.js';

export const HELPER = `${HELPER_DIR}/tercel-act`;
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ChainOutcome {
  /** Exit code of the first process, or undefined when it had to be killed. */
  code: number | undefined;
  timedOut: boolean;
  stderr: string;
}

/** Runs the helper on the host with a plan; `step` is launch or setup. */
export function runHelper(planPath: string, step: 'launch' | 'setup', cwd: string, capMs: number): Promise<ChainOutcome> {
  return new Promise((resolve) => {
    const child = spawn(HELPER, [], {
      cwd,
      env: { PATH, HOME: '/root', TERM: 'xterm', TERCEL_TEST_PLAN: planPath, TERCEL_TEST_STEP: step },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, capMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: undefined, timedOut: false, stderr: e.message });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? undefined, timedOut, stderr });
    });
  });
}

export interface ContainerRun {
  name: string;
  image: string;
  privileged: boolean;
  mounts: readonly string[];
  hostNetwork: boolean;
  tty: boolean;
  workRoot: string;
  workdir: string;
  planPath: string;
  step: 'launch' | 'setup';
}

/** `podman run -d` of the helper as the container's command; returns the container id. */
export async function startContainer(podman: PodmanClient, r: ContainerRun): Promise<{ id?: string; error?: string }> {
  const args = ['run', '-d', '--name', r.name, '-v', `${HELPER_DIR}:${HELPER_DIR}:ro`, '-v', `${r.workRoot}:${r.workRoot}`, '--workdir', r.workdir];
  if (r.privileged) args.push('--privileged');
  for (const m of r.mounts) args.push('-v', m);
  if (r.hostNetwork) args.push('--network', 'host');
  if (r.tty) args.push('-t');
  args.push('--entrypoint', HELPER, '-e', `TERCEL_TEST_PLAN=${r.planPath}`, '-e', `TERCEL_TEST_STEP=${r.step}`, r.image);
  const res = await podman.run(args, 60000);
  if (res.code !== 0) return { error: `podman run failed: ${res.stderr.trim()}` };
  return { id: res.stdout.trim().split('\n').pop()!.trim() };
}

export async function execInContainer(podman: PodmanClient, name: string, planPath: string, step: 'launch' | 'setup', tty: boolean, workdir: string, capMs: number): Promise<ChainOutcome> {
  const args = ['exec', '--workdir', workdir];
  if (tty) args.push('-t');
  args.push('-e', `TERCEL_TEST_PLAN=${planPath}`, '-e', `TERCEL_TEST_STEP=${step}`, name, HELPER);
  const res = await podman.run(args, capMs);
  return { code: res.code, timedOut: false, stderr: res.stderr };
}

export async function waitContainer(podman: PodmanClient, name: string, capMs: number): Promise<ChainOutcome> {
  const res = await podman.run(['wait', name], capMs);
  const code = Number(res.stdout.trim());
  return { code: res.code === 0 && Number.isFinite(code) ? code : undefined, timedOut: res.code !== 0, stderr: res.stderr };
}

export async function removeContainer(podman: PodmanClient, name: string): Promise<void> {
  await podman.run(['rm', '-f', '-t', '0', name], 30000);
}
