// Alerts written to the standard input of a program run with `sh -c`
// (`program_output.program`). Without `keep_alive` the program runs once per alert and
// is waited for, as Falco's popen/pclose does; with it one process reads every alert.
// A keep-alive program that exits is not restarted at once: alerts fail (and are counted
// by the dispatcher) until `restart_interval_ms` has passed, so a crashing program does
// not turn into a fork loop.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Alert } from '../alerts/alert.js';
import type { Output, OutputContext } from './output.js';
import { isTrue } from './output-options.js';

const DEFAULT_RESTART_MS = 1000;
const CLOSE_TIMEOUT_MS = 2000;

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  done: boolean;
}

export class ProgramOutput implements Output {
  readonly name = 'program';
  readonly program: string;
  readonly keepAlive: boolean;
  readonly restartMs: number;
  #proc: Running | undefined;
  #lastExit = -Infinity;
  #lastCode: number | null = null;
  #pending = '';

  constructor(private readonly ctx: OutputContext) {
    const p = ctx.options.program;
    if (typeof p !== 'string' || p === '') throw new Error('program output enabled but no program in configuration block');
    this.program = p;
    this.keepAlive = isTrue(ctx.options.keep_alive);
    const r = Number(ctx.options.restart_interval_ms ?? DEFAULT_RESTART_MS);
    this.restartMs = Number.isFinite(r) && r >= 0 ? r : DEFAULT_RESTART_MS;
  }

  /** True while a keep-alive program is running. */
  get running(): boolean {
    return this.#proc !== undefined && !this.#proc.done;
  }

  async init(): Promise<void> {}

  async emit(alert: Alert): Promise<void> {
    const line = alert.line + '\n';
    if (!this.keepAlive) {
      const p = this.#spawn();
      try {
        await write(p, line);
      } finally {
        p.child.stdin?.end();
        await p.exited;
      }
      return;
    }
    if (this.ctx.buffered) {
      this.#pending += line;
      return;
    }
    await write(this.#ensure(), line);
  }

  async flush(): Promise<void> {
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    await write(this.#ensure(), text);
  }

  async reopen(): Promise<void> {
    await this.#stop();
    this.#lastExit = -Infinity;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } catch (e) {
      this.ctx.logger.error(`program: ${(e as Error).message}`);
    }
    await this.#stop();
  }

  #ensure(): Running {
    const p = this.#proc;
    if (p && !p.done) return p;
    if (p?.done || this.#lastExit > -Infinity) {
      if (Date.now() - this.#lastExit < this.restartMs) {
        throw new Error(`program '${this.program}' exited (code ${this.#lastCode}); not restarted yet`);
      }
    }
    return (this.#proc = this.#spawn());
  }

  #spawn(): Running {
    const child = spawn('sh', ['-c', this.program], { stdio: ['pipe', 'inherit', 'inherit'] });
    // EPIPE and friends surface through write callbacks; the event itself must not crash the agent.
    child.stdin!.on('error', () => {});
    const r: Running = {
      child,
      done: false,
      exited: new Promise((resolve) => {
        child.on('error', (e) => {
          this.ctx.logger.error(`program: cannot run '${this.program}': ${e.message}`);
          r.done = true;
          resolve(null);
        });
        child.on('exit', (code) => {
          r.done = true;
          if (this.keepAlive) {
            this.#lastExit = Date.now();
            this.#lastCode = code;
          }
          resolve(code);
        });
      }),
    };
    return r;
  }

  async #stop(): Promise<void> {
    const p = this.#proc;
    this.#proc = undefined;
    if (!p || p.done) return;
    p.child.stdin?.end();
    const timer = setTimeout(() => p.child.kill('SIGTERM'), CLOSE_TIMEOUT_MS);
    await p.exited;
    clearTimeout(timer);
  }
}

function write(p: Running, text: string): Promise<void> {
  const stdin = p.child.stdin;
  if (p.done || !stdin || stdin.destroyed) return Promise.reject(new Error('program has exited'));
  return new Promise((resolve, reject) => {
    stdin.write(text, (err) => (err ? reject(new Error(`cannot write to program: ${err.message}`)) : resolve()));
  });
}
