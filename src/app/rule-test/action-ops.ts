// The action vocabulary of docs/rule-tests.md: each op's parameters in the order the
// helper (tools/actor/actor-actions.c) reads them, which are required, and which name
// paths the case may change (so the runner can restore them afterwards).

export interface OpSpec {
  /** Parameters in the helper's positional order. */
  params: readonly string[];
  required: readonly string[];
  /** Parameters holding paths the op may create, replace or change. */
  changes: readonly string[];
  /** Only valid in `setup`. */
  setupOnly?: boolean;
  /** The runner's own step, not available to test files. */
  internal?: boolean;
}

export const ACTION_OPS: Readonly<Record<string, OpSpec>> = {
  open: { params: ['path', 'flags', 'mode', 'via', 'as'], required: ['path'], changes: ['path'] },
  read: { params: ['path'], required: ['path'], changes: [] },
  write: { params: ['path', 'data', 'flags', 'mode'], required: ['path'], changes: ['path'] },
  close: { params: ['fd'], required: [], changes: [] },
  unlink: { params: ['path', 'via'], required: ['path'], changes: ['path'] },
  rename: { params: ['from', 'to', 'via'], required: ['from', 'to'], changes: ['from', 'to'] },
  symlink: { params: ['target', 'linkpath', 'via'], required: ['target', 'linkpath'], changes: ['linkpath'] },
  link: { params: ['oldpath', 'newpath', 'via'], required: ['oldpath', 'newpath'], changes: ['newpath'] },
  chmod: { params: ['path', 'mode', 'via'], required: ['path', 'mode'], changes: ['path'] },
  mkdir: { params: ['path', 'mode'], required: ['path'], changes: ['path'] },
  socket: { params: ['domain', 'type', 'protocol', 'as'], required: ['domain', 'type'], changes: [] },
  connect: { params: ['host', 'port', 'proto', 'as', 'listen'], required: ['host', 'port'], changes: [] },
  dup2: { params: ['fd', 'newfd', 'via'], required: ['newfd'], changes: [] },
  exec: { params: ['path', 'argv', 'env'], required: ['path'], changes: [] },
  ptrace: { params: ['request', 'target'], required: ['request'], changes: [] },
  mount: { params: ['source', 'target', 'fstype', 'flags', 'data'], required: ['source', 'target'], changes: [] },
  setns: { params: ['ns', 'nstype'], required: ['ns'], changes: [] },
  bpf: { params: ['cmd', 'prog_type'], required: [], changes: [] },
  finit_module: { params: ['path'], required: [], changes: [] },
  init_module: { params: ['size'], required: [], changes: [] },
  userfaultfd: { params: ['flags'], required: [], changes: [] },
  unshare: { params: ['flags'], required: ['flags'], changes: [] },
  sleep: { params: ['ms'], required: ['ms'], changes: [] },
  hosts: { params: ['name', 'address'], required: ['name', 'address'], changes: [], setupOnly: true },
  copy: { params: ['src', 'dst', 'mode'], required: ['src', 'dst'], changes: ['dst'], internal: true },
};

/** Which `via` values each op accepts (the first is the default). */
export const VIA: Readonly<Record<string, readonly string[]>> = {
  open: ['openat', 'open', 'openat2', 'creat'],
  unlink: ['unlinkat', 'unlink'],
  rename: ['renameat2', 'rename', 'renameat'],
  symlink: ['symlinkat', 'symlink'],
  link: ['linkat', 'link'],
  chmod: ['fchmodat', 'chmod', 'fchmod'],
  dup2: ['dup2', 'dup3', 'dup'],
};

/** open flags that may create or change the file. */
export function opensForChange(flags: string): boolean {
  return /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(flags);
}
