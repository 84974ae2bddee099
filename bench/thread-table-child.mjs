// Child process for the thread-table memory figure: seeds the state's thread table with
// 10,000 threads (2,000 processes of 5 threads, each process with a few open fds and
// argument, environment and cgroup strings of realistic size, every string its own copy
// as when read from /proc) the way a trace header or a /proc scan does, then prints RSS.
// Run with --expose-gc so both readings follow a full collection.
//   node --expose-gc bench/thread-table-child.mjs [THREADS]
const { SyscallState } = await import('../dist/state/syscall-state.js');

const threads = Number(process.argv[2] ?? 10_000);
const perProcess = 5;
const gc = globalThis.gc ?? (() => {});
const own = (s) => Buffer.from(s).toString(); // a fresh string, not a shared constant

function record(tid, pid) {
  const n = pid % 97;
  return {
    tid, pid, ptid: pid === tid ? 1 : pid, sid: pid, vpgid: pid, pgid: pid,
    comm: own(`worker-${n}`), exe: own(`/usr/bin/worker-${n}`), exepath: own(`/usr/bin/worker-${n}`),
    args: [own('--config'), own(`/etc/worker/${n}.conf`), own(`--id=${pid}`)],
    cwd: own(`/srv/app-${n}/`), fdlimit: 1048576, flags: 0, uid: 1000 + n, gid: 1000 + n,
    vmsizeKb: 120_000, vmrssKb: 30_000, vmswapKb: 0, pfmajor: 10, pfminor: 5000,
    env: Array.from({ length: 20 }, (_, i) => own(`VAR_${i}=value-${i}-for-process-${pid}-with/some/path`)),
    vtid: tid, vpid: pid,
    cgroups: ['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event', 'net_prio', 'hugetlb', 'pids', 'rdma']
      .map((c) => own(`${c}=/kubepods/besteffort/pod${pid}/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`)),
    root: '/', pidnsInitStartTs: 0n, tty: 0, loginuid: 0xffffffff, exeWritable: false,
    capInheritable: 0n, capPermitted: 0x1ffffffffffn, capEffective: 0x1ffffffffffn,
    exeUpperLayer: false, exeLowerLayer: false, exeFromMemfd: false, exeIno: BigInt(100000 + n), exeInoCtime: 0n, exeInoMtime: 0n,
    layoutVersion: 9,
  };
}

function fds(pid) {
  const list = [0, 1, 2].map((fd) => ({ tid: pid, fd, ino: 3n, type: 16, name: own('/dev/null'), openFlags: 2 }));
  list.push({ tid: pid, fd: 3, ino: BigInt(pid), type: 16, name: own(`/var/log/worker-${pid}.log`), openFlags: 1 });
  list.push({ tid: pid, fd: 4, ino: BigInt(pid + 1), type: 3, sip: new Uint8Array([10, 0, 0, 1]), dip: new Uint8Array([10, 0, 0, 2]), sport: 40000 + (pid % 20000), dport: 443, l4proto: 3 });
  return list;
}

gc(); gc();
const before = process.memoryUsage();
const state = new SyscallState();
const header = { threads: [], fds: [], users: [], groups: [] };
for (let p = 0; p < threads / perProcess; p++) {
  const pid = 10_000 + p * perProcess;
  for (let k = 0; k < perProcess; k++) header.threads.push(record(pid + k, pid));
  header.fds.push(...fds(pid));
}
state.loadHeader(header);
header.threads.length = 0; // only the table keeps them now
header.fds.length = 0;
gc(); gc();
const after = process.memoryUsage();
process.stdout.write(JSON.stringify({
  threads: state.threads.size,
  rssMb: after.rss / 2 ** 20,
  baseRssMb: before.rss / 2 ** 20,
  heapUsedDeltaMb: (after.heapUsed - before.heapUsed) / 2 ** 20,
}) + '\n');
