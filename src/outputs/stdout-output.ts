// Alerts on standard output, one line each. Buffered mode gathers the lines of a batch
// into one write.
import type { Alert } from '../alerts/alert.js';
import type { Output, OutputContext } from './output.js';

export class StdoutOutput implements Output {
  readonly name = 'stdout';
  #pending = '';

  constructor(private readonly ctx: OutputContext) {}

  async init(): Promise<void> {}

  emit(alert: Alert): void {
    if (this.ctx.buffered) this.#pending += alert.line + '\n';
    else this.ctx.stdout(alert.line + '\n');
  }

  flush(): void {
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    this.ctx.stdout(text);
  }

  async reopen(): Promise<void> {
    this.flush();
  }

  async close(): Promise<void> {
    this.flush();
  }
}
