// Alerts POSTed one by one to `http_output.url`: JSON when json_output is on, plain text
// otherwise, with `http_output.user_agent`. `insecure` skips certificate checks and
// `ca_cert` names a CA bundle. A non-2xx answer is a failed delivery (retried, counted).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import type { Alert } from '../alerts/alert.js';
import type { Output, OutputContext } from './output.js';
import { isTrue } from './output-options.js';

const TIMEOUT_MS = 5000;

export class HttpOutput implements Output {
  readonly name = 'http';
  readonly url: URL;
  readonly userAgent: string;
  readonly #insecure: boolean;
  readonly #caPath: string | undefined;
  #ca: Buffer | undefined;

  constructor(private readonly ctx: OutputContext) {
    const u = ctx.options.url;
    if (typeof u !== 'string' || u === '') throw new Error('http output enabled but no url in configuration block');
    try {
      this.url = new URL(u);
    } catch (e) {
      throw new Error(`http output: invalid url '${u}'`, { cause: e });
    }
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new Error(`http output: unsupported url scheme '${this.url.protocol}'`);
    this.userAgent = typeof ctx.options.user_agent === 'string' && ctx.options.user_agent !== '' ? ctx.options.user_agent : 'falcosecurity/falco';
    this.#insecure = isTrue(ctx.options.insecure);
    const ca = ctx.options.ca_cert;
    this.#caPath = typeof ca === 'string' && ca !== '' ? ca : undefined;
  }

  async init(): Promise<void> {
    if (this.#caPath) this.#ca = readFileSync(this.#caPath);
  }

  emit(alert: Alert): Promise<void> {
    const body = Buffer.from(alert.line, 'utf8');
    const https = this.url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(this.url, {
        method: 'POST',
        headers: {
          'Content-Type': this.ctx.json ? 'application/json' : 'text/plain',
          'Content-Length': body.length,
          'User-Agent': this.userAgent,
        },
        timeout: TIMEOUT_MS,
        ...(https ? { rejectUnauthorized: !this.#insecure, ...(this.#ca ? { ca: this.#ca } : {}) } : {}),
      }, (res) => {
        res.resume();
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve();
          else reject(new Error(`HTTP ${code} from ${this.url.origin}`));
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${this.url.origin} within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async reopen(): Promise<void> {}

  async close(): Promise<void> {}
}
