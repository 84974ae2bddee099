// Keeps a test case from changing the machine: records the state of every path the case
// may write, rename, unlink or chmod before it runs, and puts each back afterwards (files
// with their content, mode and owner; paths that did not exist are removed). Devices and
// other special files are never written back.
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

type Saved =
  | { path: string; kind: 'absent' }
  | { path: string; kind: 'file'; data: Buffer; mode: number; uid: number; gid: number }
  | { path: string; kind: 'symlink'; target: string; uid: number; gid: number }
  | { path: string; kind: 'dir'; mode: number; uid: number; gid: number }
  | { path: string; kind: 'special' };

/** Paths the guard refuses to remove even when they were absent (a bad case must not wipe them). */
const NEVER_REMOVE = /^\/(bin|boot|dev|etc|home|lib|lib64|opt|proc|root|run|sbin|srv|sys|tmp|usr|var)?\/?$/;

export class PathGuard {
  private readonly saved = new Map<string, Saved>();

  get paths(): string[] {
    return [...this.saved.keys()];
  }

  record(path: string): void {
    if (this.saved.has(path) || !path.startsWith('/')) return;
    let st;
    try {
      st = lstatSync(path);
    } catch {
      this.saved.set(path, { path, kind: 'absent' });
      return;
    }
    const own = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
    if (st.isFile()) this.saved.set(path, { path, kind: 'file', data: readFileSync(path), ...own });
    else if (st.isSymbolicLink()) this.saved.set(path, { path, kind: 'symlink', target: readlinkSync(path), uid: st.uid, gid: st.gid });
    else if (st.isDirectory()) this.saved.set(path, { path, kind: 'dir', ...own });
    else this.saved.set(path, { path, kind: 'special' });
  }

  /** Restores every recorded path (latest recorded first); returns the problems met. */
  restore(): string[] {
    const problems: string[] = [];
    for (const s of [...this.saved.values()].reverse()) {
      try {
        restoreOne(s);
      } catch (e) {
        problems.push(`${s.path}: ${(e as Error).message}`);
      }
    }
    this.saved.clear();
    return problems;
  }
}

function kindNow(path: string): 'absent' | 'file' | 'symlink' | 'dir' | 'special' {
  try {
    const st = lstatSync(path);
    return st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'special';
  } catch {
    return 'absent';
  }
}

function restoreOne(s: Saved): void {
  const now = kindNow(s.path);
  switch (s.kind) {
    case 'absent':
      if (now !== 'absent' && !NEVER_REMOVE.test(s.path)) rmSync(s.path, { recursive: true, force: true });
      return;
    case 'file':
      if (now !== 'file' && now !== 'absent') rmSync(s.path, { recursive: true, force: true });
      writeFileSync(s.path, s.data);
      chmodSync(s.path, s.mode);
      chownSync(s.path, s.uid, s.gid);
      return;
    case 'symlink':
      if (now !== 'absent') rmSync(s.path, { recursive: true, force: true });
      symlinkSync(s.target, s.path);
      return;
    case 'dir':
      if (now !== 'dir') {
        if (now !== 'absent') rmSync(s.path, { force: true });
        mkdirSync(s.path, { recursive: true });
      }
      chmodSync(s.path, s.mode);
      chownSync(s.path, s.uid, s.gid);
      return;
    case 'special':
      return;
  }
}
