// tercel running live for a test run: started once with the rules under test plus one
// "fence" rule of our own, alerts collected from its JSON output. A fence is a file the
// runner opens after a case: the probe writes events to one ring buffer in order, so once
// the fence's alert is out, every event of the case before it has been evaluated.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Alert } from './alert-matcher.js';

export const FENCE_RULE = 'tercel test fence';

export interface LiveTercelOptions {
  /** Path of bin/tercel.js. */
  cli: string;
  rulesFiles: readonly string[];
  /** Directory for the fence rule and fence files (created; removed on stop). */
  fenceDir: string;
  startTimeoutMs?: number;
  extraArgs?: readonly string[];
}

export class LiveTercelError extends Error {}

export class LiveTercel {
  readonly alerts: Alert[] = [];
  private waiters: (() => void)[] = [];
  private exited: { code: number | null; signal: string | null } | undefined;
  private stderr = '';
  private fences = 0;

  private constructor(private readonly child: ChildProcess, private readonly fenceDir: string) {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (l) => {
      if (!l.startsWith('{')) return;
      try {
        this.alerts.push(JSON.parse(l) as Alert);
      } catch {
        return;
      }
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    });
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-8000);
    });
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const f of this.waiters) f();
      this.waiters = [];
    });
  }

  static async start(o: LiveTercelOptions): Promise<LiveTercel> {
    mkdirSync(o.fenceDir, { recursive: true });
    const fenceRules = join(o.fenceDir, 'fence_rules.yaml');
    writeFileSync(fenceRules, [
      `- rule: ${FENCE_RULE}`,
      '  desc: marks the end of a test case (written by tercel test)',
      `  condition: evt.type in (open, openat, openat2) and fd.name startswith "${o.fenceDir}/f-"`,
      '  output: "tercel test fence (file=%fd.name proc.pid=%proc.pid)"',
      '  priority: EMERGENCY',
      '  tags: [tercel_test]',
      '',
    ].join('\n'));
    const args = [o.cli];
    for (const r of o.rulesFiles) args.push('-r', r);
    args.push('-r', fenceRules, '-o', 'json_output=true', '-o', 'json_include_output_property=true', '-o', 'priority=debug', ...(o.extraArgs ?? []));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const t = new LiveTercel(child, o.fenceDir);
    const deadline = Date.now() + (o.startTimeoutMs ?? 60000);
    while (Date.now() < deadline) {
      if (await t.fence(400)) return t;
      if (t.exited) break;
    }
    const why = t.exited ? `exited (code ${t.exited.code ?? t.exited.signal})` : 'gave no alert for the start-up fence';
    await t.stop();
    throw new LiveTercelError(`tercel ${why}: ${args.slice(1).join(' ')}\n${t.stderr.trim()}`);
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  get stderrTail(): string {
    return this.stderr;
  }

  /** Resolves when a new alert arrives, tercel exits, or `ms` pass. */
  private next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.waiters = self.waiters.filter((w) => w !== done);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Waits until `pred` holds for some alert from index `from` on; false on timeout. */
  async waitFor(from: number, pred: (a: Alert) => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    let seen = from;
    for (;;) {
      for (; seen < this.alerts.length; seen++) if (pred(this.alerts[seen]!)) return true;
      const left = deadline - Date.now();
      if (left <= 0 || this.exited) return false;
      await this.next(left);
    }
  }

  /** Opens a fresh fence file and waits for its alert. */
  async fence(ms: number): Promise<boolean> {
    const from = this.alerts.length;
    const path = join(this.fenceDir, `f-${++this.fences}`);
    closeSync(openSync(path, 'w'));
    const ok = await this.waitFor(from, (a) => a.rule === FENCE_RULE && a.output_fields?.['fd.name'] === path, ms);
    rmSync(path, { force: true });
    return ok;
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await new Promise<void>((resolve) => (this.exited ? resolve() : this.child.once('exit', () => resolve())));
      clearTimeout(killer);
    }
    rmSync(this.fenceDir, { recursive: true, force: true });
  }
}
