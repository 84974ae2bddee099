// SPDX-License-Identifier: GPL-2.0
/* Benchmark baseline: programs that do nothing, attached to exactly the hooks the real
 * probe uses (tp_btf sys_exit, sched_process_exec, sched_process_exit). The cost they add
 * to a syscall is what attaching anything there costs; bench/live-probe-bench.mjs compares
 * the probe's cost with it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/sys_exit")
int BPF_PROG(empty_sys_exit, struct pt_regs *regs, long ret) {
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(empty_sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(empty_sched_exit, struct task_struct *p) {
	return 0;
}
