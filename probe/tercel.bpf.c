// SPDX-License-Identifier: GPL-2.0
/* tercel kernel probe: one dispatcher on the raw sys_exit tracepoint tail-calls a
 * handler per syscall (the handler table is the `handlers` prog array below); sched
 * tracepoints add successful execs and thread exits. Every event is an exit event that
 * carries all of its parameters (the schema's enter events are old versions), so no
 * sys_enter program is needed: arguments are still in pt_regs at exit. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "tercel-shared.h"
#include "gen/event_schema.h"
#include "event-writer.bpf.h"
#include "scap-flags.bpf.h"
#include "task-info.bpf.h"
#include "net-info.bpf.h"
#include "proc-info.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Interesting native syscall numbers (1 = traced), filled by the loader: read by the exec and
 * exit programs; sys_exit has the same subset patched into its instructions. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TC_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u8);
} interesting SEC(".maps");

static const volatile __u16 native_to_sc[TC_MAX_SYSCALLS] = TC_NATIVE_TO_PPM_SC_INIT;

#include "proc-stages.bpf.h"
#include "handlers.bpf.h"

#define TC_DECL(nr, fn) int fn(unsigned long long *ctx);
TC_HANDLERS(TC_DECL)

#define TC_SLOT(nr, fn) [nr] = (void *)&fn,
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, TC_MAX_SYSCALLS);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} handlers SEC(".maps") = {
        .values = {TC_HANDLERS(TC_SLOT)},
};

/* 1 when `nr` is in the subset (nr < TC_MAX_SYSCALLS). Each case loads a placeholder word
 * that the loader replaces by the subset's word (tercel-shared.h, TC_SUBSET_MAGIC): no map,
 * no memory read on the path every syscall outside the subset takes. */
#define TC_SUBSET_CASE(i) \
	case i: asm volatile("%0 = 0x7ce5e1ec7ab1e00" #i " ll" : "=r"(w)); break;
static __always_inline int tc_in_subset(__u32 nr) {
	__u64 w;
	switch(nr >> 6) {
	TC_SUBSET_CASE(0) TC_SUBSET_CASE(1) TC_SUBSET_CASE(2) TC_SUBSET_CASE(3)
	TC_SUBSET_CASE(4) TC_SUBSET_CASE(5) TC_SUBSET_CASE(6) TC_SUBSET_CASE(7)
	default: return 0;
	}
	return (w >> (nr & 63)) & 1;
}

static __always_inline int tc_traced(void) {
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if(tgid == tc_self_tgid) {
		return 0;
	}
	return tc_filter_tgid == 0 || tgid == tc_filter_tgid;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(tc_sys_exit, struct pt_regs *regs, long ret) {
	__u32 nr = (__u32)regs->orig_ax;
	if(nr >= TC_MAX_SYSCALLS || !tc_in_subset(nr) || !tc_traced()) {
		return 0;
	}
	/* 32-bit tasks use another syscall table: their numbers would be misread */
	struct task_struct *t = tc_task();
	if(t->thread_info.status & 0x0002) { /* TS_COMPAT */
		return 0;
	}
	bpf_tail_call(ctx, &handlers, nr);
	/* no dedicated event for this syscall: a generic one */
	struct tc_ev *e = ev_begin(TC_EV_GENERIC_X, TC_NP_GENERIC_X);
	if(!e) {
		return 0;
	}
	ev_u16(e, native_to_sc[nr & (TC_MAX_SYSCALLS - 1)]);
	ev_u16(e, (__u16)nr);
	ev_submit(e);
	return 0;
}

/* Successful execve/execveat: the new image is in place, so exe, args and env come from
 * the new mm (a failed call is reported by the sys_exit handlers). */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(tc_sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
	struct task_struct *t = tc_task();
	if((t->flags & 0x00200000) || !tc_traced()) { /* PF_KTHREAD */
		return 0;
	}
	__u32 nr = TC_NR_execve;
	__u8 *on = bpf_map_lookup_elem(&interesting, &nr);
	__u32 nr2 = TC_NR_execveat;
	__u8 *on2 = bpf_map_lookup_elem(&interesting, &nr2);
	if(!(on && *on) && !(on2 && *on2)) {
		return 0;
	}
	struct tc_ev *e = ev_begin(TC_EV_SYSCALL_EXECVE_19_X, TC_NP_SYSCALL_EXECVE_19_X);
	if(!e) {
		return 0;
	}
	ev_s64(e, 0);
	ev_exe_args_from_mm(e, t);
	ev_save(e, TC_K_EXEC_OK);
	bpf_tail_call(ctx, &stages_exec, ST_COMMON);
	tc_fail();
	return 0;
}

/* Every thread exit (libsinsp removes threads on procexit). */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(tc_sched_exit, struct task_struct *p) {
	struct task_struct *t = tc_task();
	if((t->flags & 0x00200000) || !tc_traced()) {
		return 0;
	}
	__u32 slot = TC_SLOT_PROCEXIT;
	__u8 *on = bpf_map_lookup_elem(&interesting, &slot);
	if(!on || !*on) {
		return 0;
	}
	struct tc_ev *e = ev_begin(TC_EV_PROCEXIT_1_E, TC_NP_PROCEXIT_1_E);
	if(!e) {
		return 0;
	}
	__s64 code = t->exit_code;
	ev_s64(e, code);
	ev_s64(e, (code >> 8) & 0xff);
	ev_u8(e, code & 0x7f);
	ev_u8(e, (code & 0x80) ? 1 : 0);
	ev_s64(e, 0); /* reaper_tid: not computed, libsinsp then picks the reaper itself */
	ev_submit(e);
	return 0;
}
