// The podman commands the runner needs for container cases, with time limits. When no
// podman configuration is set and the checkout has the test one
// (test/fixtures/podman/, see scripts/podman-setup.sh), that one is used, so the runner
// sees the same containers and images as the rest of the test suite.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function podmanEnv(repo: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const conf = join(repo, 'test/fixtures/podman/containers.conf');
  const storage = join(repo, 'test/fixtures/podman/storage.conf');
  if (env.CONTAINERS_CONF === undefined && existsSync(conf)) {
    return { ...env, CONTAINERS_CONF: conf, ...(existsSync(storage) && env.CONTAINERS_STORAGE_CONF === undefined ? { CONTAINERS_STORAGE_CONF: storage } : {}) };
  }
  return env;
}

export class PodmanClient {
  private readonly images = new Map<string, Promise<string | undefined>>();

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  run(args: readonly string[], timeoutMs = 60000): Promise<CommandResult> {
    return new Promise((resolve) => {
      execFile('podman', args, { env: this.env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) || (err && code !== 0 ? err.message : '') });
      });
    });
  }

  /** Undefined when the image is there (pulled once if missing), else why not. */
  ensureImage(ref: string): Promise<string | undefined> {
    let p = this.images.get(ref);
    if (!p) {
      p = (async () => {
        if ((await this.run(['image', 'exists', ref], 20000)).code === 0) return undefined;
        const pull = await this.run(['pull', '-q', ref], 120000);
        if (pull.code === 0) return undefined;
        return `image ${ref} is not available and could not be pulled: ${pull.stderr.trim().split('\n').pop() ?? ''}`;
      })();
      this.images.set(ref, p);
    }
    return p;
  }
}
