// Alerts appended to a file (`file_output.filename`). Without `keep_alive` the file is
// opened and closed for every alert, as Falco does, so that rotation needs no signal;
// with it the file stays open until `reopen()` or `close()`.
import { open, type FileHandle } from 'node:fs/promises';
import type { Alert } from '../alerts/alert.js';
import type { Output, OutputContext } from './output.js';
import { isTrue } from './output-options.js';

export class FileOutput implements Output {
  readonly name = 'file';
  readonly filename: string;
  readonly keepAlive: boolean;
  #fh: FileHandle | undefined;
  #pending = '';

  constructor(private readonly ctx: OutputContext) {
    const f = ctx.options.filename;
    if (typeof f !== 'string' || f === '') throw new Error('file output enabled but no filename in configuration block');
    this.filename = f;
    this.keepAlive = isTrue(ctx.options.keep_alive);
  }

  async init(): Promise<void> {
    // Open once to report a bad path at start-up rather than at the first alert.
    await this.#open();
    if (!this.keepAlive) await this.#closeHandle();
  }

  async emit(alert: Alert): Promise<void> {
    if (this.keepAlive && this.ctx.buffered) {
      this.#pending += alert.line + '\n';
      return;
    }
    const fh = await this.#open();
    await fh.write(alert.line + '\n');
    if (!this.keepAlive) await this.#closeHandle();
  }

  async flush(): Promise<void> {
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    const fh = await this.#open();
    await fh.write(text);
  }

  async reopen(): Promise<void> {
    await this.flush();
    await this.#closeHandle();
    if (this.keepAlive) await this.#open();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#closeHandle();
    }
  }

  async #open(): Promise<FileHandle> {
    if (this.#fh) return this.#fh;
    try {
      this.#fh = await open(this.filename, 'a');
    } catch (e) {
      throw new Error(`failed to open output file ${this.filename}: ${(e as Error).message}`, { cause: e });
    }
    return this.#fh;
  }

  async #closeHandle(): Promise<void> {
    const fh = this.#fh;
    this.#fh = undefined;
    if (fh) await fh.close();
  }
}
