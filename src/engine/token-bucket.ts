// A token bucket: `rate` tokens per second, at most `maxTokens` held, starting full.
// Time is passed in (ns) so that replay can run on event time. As in libsinsp, the
// elapsed time is an unsigned 64-bit difference: a clock that goes backwards (an old
// trace replayed against a bucket started on the wall clock) refills the bucket.
const U64 = 2 ** 64;

export class TokenBucket {
  #tokens: number;
  #lastSeen: number;

  constructor(readonly rate: number, readonly maxTokens: number, nowNs: number = Date.now() * 1e6) {
    this.#tokens = maxTokens;
    this.#lastSeen = nowNs;
  }

  get tokens(): number { return this.#tokens; }

  /** Takes `tokens` if the bucket holds that many at time `nowNs`. */
  claim(tokens: number, nowNs: number): boolean {
    const elapsed = nowNs >= this.#lastSeen ? nowNs - this.#lastSeen : U64 - (this.#lastSeen - nowNs);
    this.#lastSeen = nowNs;
    this.#tokens = Math.min(this.maxTokens, this.#tokens + this.rate * (elapsed / 1e9));
    if (this.#tokens < tokens) return false;
    this.#tokens -= tokens;
    return true;
  }
}
