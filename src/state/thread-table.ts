// The thread table: threads by tid, parent links (children sets kept both ways so that
// removal can hand orphans to a reaper as libsinsp does), the fake entries libsinsp makes
// for threads it cannot look up, and the ancestor walk the proc.a* fields use.
import { ThreadInfo } from './thread-info.js';
import type { FdTable } from './fd-table.js';

export class ThreadTable {
  readonly #threads = new Map<number, ThreadInfo>();
  // The last thread looked up: most events come in runs from one thread, and a Map lookup
  // per event showed in replay profiles. Forgotten whenever the table changes.
  #lastTid = NaN;
  #last: ThreadInfo | undefined;

  get size(): number { return this.#threads.size; }
  get(tid: number): ThreadInfo | undefined {
    if (tid === this.#lastTid) return this.#last;
    const t = this.#threads.get(tid);
    if (t !== undefined) { this.#lastTid = tid; this.#last = t; }
    return t;
  }
  values(): IterableIterator<ThreadInfo> { return this.#threads.values(); }

  /** Adds (or replaces) a thread and links it to its parent; secondary threads share the main thread's fds. */
  add(t: ThreadInfo): void {
    const old = this.#threads.get(t.tid);
    if (old && old !== t) this.unlinkParent(old);
    this.#forget();
    this.#threads.set(t.tid, t);
    this.linkParent(t);
    if (!t.isMainThread && t.pid > 0) {
      const main = this.#threads.get(t.pid);
      if (main) t.fds = main.fds;
    }
  }

  linkParent(t: ThreadInfo): void {
    if (t.ptid > 0) this.#threads.get(t.ptid)?.children.add(t.tid);
  }

  unlinkParent(t: ThreadInfo): void {
    if (t.ptid > 0) this.#threads.get(t.ptid)?.children.delete(t.tid);
  }

  setParent(t: ThreadInfo, ptid: number): void {
    if (t.ptid === ptid) { this.linkParent(t); return; }
    this.unlinkParent(t);
    t.ptid = ptid;
    this.linkParent(t);
  }

  /** libsinsp's placeholder for a thread missing from the table when the OS cannot be asked. */
  addFake(tid: number): ThreadInfo {
    const t = new ThreadInfo(tid);
    t.pid = -1;
    t.ptid = -1;
    t.comm = '<NA>';
    t.exe = '<NA>';
    this.#forget();
    this.#threads.set(tid, t);
    return t;
  }

  /** The main thread of t's process (t itself for a main thread). */
  main(t: ThreadInfo): ThreadInfo | undefined {
    return t.isMainThread ? t : this.#threads.get(t.pid);
  }

  /** Working directory as libsinsp reads it: the main thread's, './' when that is unknown. */
  cwd(t: ThreadInfo): string {
    const m = this.main(t);
    return m ? m.cwd : './';
  }

  fdTable(t: ThreadInfo): FdTable { return t.fds; }

  /** Parent thread (the main thread of the parent process, as ptid names it). */
  parent(t: ThreadInfo): ThreadInfo | undefined {
    return t.ptid > 0 && t.ptid !== t.tid ? this.#threads.get(t.ptid) : undefined;
  }

  /** Ancestor n (0 = the process's main thread), walking ptid links as libsinsp does. */
  ancestor(t: ThreadInfo, n: number): ThreadInfo | undefined {
    let cur: ThreadInfo | undefined = this.main(t);
    for (let i = 0; i < n && cur; i++) {
      const p = this.parent(cur);
      if (!p || p === cur) return undefined;
      cur = p;
    }
    return cur;
  }

  /** Removes a thread; children go to the reaper (kernel-given, a live sibling, a reaper ancestor) or get ptid 0. */
  remove(tid: number): void {
    const t = this.#threads.get(tid);
    if (!t) return;
    if (t.children.size > 0) {
      const reaper = this.findReaper(t);
      for (const ctid of t.children) {
        const c = this.#threads.get(ctid);
        if (!c || c.ptid !== t.tid) continue;
        if (reaper) { c.ptid = reaper.tid; reaper.children.add(ctid); } else c.ptid = 0;
      }
      t.children.clear();
    }
    this.unlinkParent(t);
    if (t.isMainThread) {
      // libsinsp keeps the main thread while other threads of the group live
      for (const other of this.#threads.values()) {
        if (other !== t && other.pid === t.pid && !other.dead) { t.dead = true; return; }
      }
    }
    this.#forget();
    this.#threads.delete(tid);
    if (!t.isMainThread && t.pid > 0) {
      const m = this.#threads.get(t.pid);
      if (m && m.dead && !this.hasLiveThreads(m.pid, tid)) this.remove(m.tid);
    }
  }

  private hasLiveThreads(pid: number, except: number): boolean {
    for (const o of this.#threads.values()) if (o.pid === pid && o.tid !== except && o.tid !== pid && !o.dead) return true;
    return false;
  }

  private findReaper(t: ThreadInfo): ThreadInfo | undefined {
    if (t.reaperTid > 0) {
      const r = this.#threads.get(t.reaperTid);
      if (r && !r.invalid && r !== t) return r;
    }
    for (const o of this.#threads.values()) if (o !== t && o.pid === t.pid && t.pid > 0 && !o.dead) return o;
    const seen = new Set<number>([t.tid]);
    for (let p = this.parent(t); p && !seen.has(p.tid); p = this.parent(p)) {
      seen.add(p.tid);
      if (p.reaper && !p.dead) return p;
    }
    return undefined;
  }

  clear(): void { this.#forget(); this.#threads.clear(); }

  #forget(): void { this.#lastTid = NaN; this.#last = undefined; }
}
