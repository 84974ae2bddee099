// A process's fd table (threads of a process share their main thread's table object): the
// Map API the parsers and fields use, over an array indexed by fd number for the small fds
// almost every process uses, and a Map for the rest (large, negative or odd numbers). A Map
// alone rehashes as opens and closes churn through it (V8 grows and shrinks its hash table
// every few operations), which profiling showed under every open exit of a replay; array
// slots never move. Iteration gives small fds in ascending order, then the others in
// insertion order; deleting during iteration is safe, as with a Map.
import type { FdInfo } from './fd-info.js';

/** fds below this live in the array (grown as needed, never shrunk). */
const SMALL = 1024;

/** True for the fd numbers kept in the array. */
function isSmall(fd: number): boolean {
  return fd >= 0 && fd < SMALL && (fd | 0) === fd;
}

export class FdTable implements Iterable<[number, FdInfo]> {
  #slots: (FdInfo | undefined)[] = [];
  #big: Map<number, FdInfo> | undefined;
  #size = 0;

  get size(): number { return this.#size; }

  get(fd: number): FdInfo | undefined {
    const slots = this.#slots;
    if (fd >= 0 && fd < slots.length && (fd | 0) === fd) return slots[fd];
    return this.#big === undefined || isSmall(fd) ? undefined : this.#big.get(fd);
  }

  has(fd: number): boolean {
    return this.get(fd) !== undefined;
  }

  set(fd: number, info: FdInfo): this {
    if (isSmall(fd)) {
      const slots = this.#slots;
      // grown with explicit undefineds: the array stays packed, never holey
      while (slots.length <= fd) slots.push(undefined);
      if (slots[fd] === undefined) this.#size++;
      slots[fd] = info;
      return this;
    }
    const big = (this.#big ??= new Map());
    if (!big.has(fd)) this.#size++;
    big.set(fd, info);
    return this;
  }

  delete(fd: number): boolean {
    if (isSmall(fd)) {
      const slots = this.#slots;
      if (fd >= slots.length || slots[fd] === undefined) return false;
      slots[fd] = undefined;
      this.#size--;
      return true;
    }
    if (this.#big !== undefined && this.#big.delete(fd)) { this.#size--; return true; }
    return false;
  }

  clear(): void {
    this.#slots = [];
    this.#big = undefined;
    this.#size = 0;
  }

  *entries(): IterableIterator<[number, FdInfo]> {
    const slots = this.#slots;
    for (let fd = 0; fd < slots.length; fd++) {
      const f = slots[fd];
      if (f !== undefined) yield [fd, f];
    }
    if (this.#big) yield* this.#big.entries();
  }

  [Symbol.iterator](): IterableIterator<[number, FdInfo]> { return this.entries(); }

  *keys(): IterableIterator<number> { for (const [fd] of this.entries()) yield fd; }

  *values(): IterableIterator<FdInfo> { for (const [, f] of this.entries()) yield f; }

  /** Plain loops, no iterator: exec's close-on-exec pass uses it. `fn` may delete entries. */
  forEach(fn: (info: FdInfo, fd: number, table: FdTable) => void): void {
    const slots = this.#slots;
    for (let fd = 0; fd < slots.length; fd++) {
      const f = slots[fd];
      if (f !== undefined) fn(f, fd, this);
    }
    this.#big?.forEach((f, fd) => fn(f, fd, this));
  }
}
