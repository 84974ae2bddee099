/* clone/fork and execve exit events are long: they are built over tail-called stages so
 * that each program stays small enough for the verifier. A stage resumes the event from
 * ev_state, adds its parameters, saves, and calls the next stage; the last one submits.
 * Tail calls need the same attach point, hence one stage table for sys_exit and one for
 * sched_process_exec. */
#ifndef TERCEL_PROC_STAGES_BPF_H
#define TERCEL_PROC_STAGES_BPF_H

enum tc_kind { TC_K_CLONE = 1, TC_K_EXECVE, TC_K_EXECVEAT, TC_K_EXEC_OK };
enum tc_stage { ST_COMMON = 0, ST_CGROUPS, ST_CLONE_TAIL, ST_EXEC_TAIL, ST_EXEC_PATH, ST_MAX };

int sx_common(unsigned long long *ctx);
int sx_cgroups(unsigned long long *ctx);
int sx_clone_tail(unsigned long long *ctx);
int sx_exec_tail(unsigned long long *ctx);
int sx_exec_path(unsigned long long *ctx);
int se_common(unsigned long long *ctx);
int se_cgroups(unsigned long long *ctx);
int se_exec_tail(unsigned long long *ctx);
int se_exec_path(unsigned long long *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, ST_MAX);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} stages_sys SEC(".maps") = {
        .values =
                {
                        [ST_COMMON] = (void *)&sx_common,
                        [ST_CGROUPS] = (void *)&sx_cgroups,
                        [ST_CLONE_TAIL] = (void *)&sx_clone_tail,
                        [ST_EXEC_TAIL] = (void *)&sx_exec_tail,
                        [ST_EXEC_PATH] = (void *)&sx_exec_path,
                },
};

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, ST_MAX);
	__uint(key_size, sizeof(__u32));
	__array(values, int(void *));
} stages_exec SEC(".maps") = {
        .values =
                {
                        [ST_COMMON] = (void *)&se_common,
                        [ST_CGROUPS] = (void *)&se_cgroups,
                        [ST_EXEC_TAIL] = (void *)&se_exec_tail,
                        [ST_EXEC_PATH] = (void *)&se_exec_path,
                },
};

static __always_inline void tc_fail(void) {
	struct tc_counters *c = tc_counters_get();
	if(c) {
		c->errors++;
	}
}

#define STAGE_BEGIN                 \
	struct tc_ev *e = ev_scratch(); \
	if(!e) {                        \
		return 0;                   \
	}                               \
	__u32 kind __attribute__((unused)) = e->kind; \
	struct task_struct *t = tc_task();

/* ---- sys_exit stages ---- */

SEC("tp_btf/sys_exit")
int BPF_PROG(sx_common, struct pt_regs *regs, long ret) {
	STAGE_BEGIN
	ev_proc_common(e, t);
	ev_save(e, kind);
	bpf_tail_call(ctx, &stages_sys, ST_CGROUPS);
	tc_fail();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sx_cgroups, struct pt_regs *regs, long ret) {
	STAGE_BEGIN
	ev_cgroups(e, t);
	ev_save(e, kind);
	bpf_tail_call(ctx, &stages_sys, kind == TC_K_CLONE ? ST_CLONE_TAIL : ST_EXEC_TAIL);
	tc_fail();
	return 0;
}

/* flags uid gid vtid vpid pidns_init_start_ts */
SEC("tp_btf/sys_exit")
int BPF_PROG(sx_clone_tail, struct pt_regs *regs, long ret) {
	STAGE_BEGIN
	__u64 kflags;
	__u32 nr = (__u32)regs->orig_ax;
	if(nr == TC_NR_clone3) {
		kflags = 0;
		bpf_probe_read_user(&kflags, sizeof(kflags), (const void *)regs->di);
	} else if(nr == TC_NR_vfork) {
		kflags = K_CLONE_VFORK | K_CLONE_VM;
	} else if(nr == TC_NR_fork) {
		kflags = 0;
	} else {
		kflags = regs->di;
	}
	__u32 flags = tc_clone_flags(kflags);
	struct pid *p = BPF_CORE_READ(t, thread_pid);
	unsigned int level = BPF_CORE_READ(p, level);
	if(level != 0) {
		flags |= TC_F_clone_flags_CLONE_CHILD_IN_PIDNS;
	} else if(BPF_CORE_READ(t, nsproxy, pid_ns_for_children) != BPF_CORE_READ(p, numbers[0].ns)) {
		flags |= TC_F_clone_flags_CLONE_CHILD_IN_PIDNS;
	}
	ev_u32(e, flags);
	ev_u32(e, BPF_CORE_READ(t, cred, euid.val));
	ev_u32(e, BPF_CORE_READ(t, cred, egid.val));
	ev_s64(e, tc_task_vnr(t, PIDTYPE_PID));
	ev_s64(e, tc_task_vnr(t, PIDTYPE_TGID));
	ev_u64(e, ret == 0 ? tc_pidns_init_start(t) : 0);
	ev_submit(e);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sx_exec_tail, struct pt_regs *regs, long ret) {
	STAGE_BEGIN
	ev_exec_tail(e, t);
	ev_save(e, kind);
	bpf_tail_call(ctx, &stages_sys, ST_EXEC_PATH);
	tc_fail();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sx_exec_path, struct pt_regs *regs, long ret) {
	STAGE_BEGIN
	ev_exec_path(e, t);
	if(kind == TC_K_EXECVE) {
		ev_str(e, (const void *)regs->di, 1); /* filename */
	}
	ev_submit(e);
	return 0;
}

/* ---- sched_process_exec stages ---- */

SEC("tp_btf/sched_process_exec")
int BPF_PROG(se_common, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
	STAGE_BEGIN
	ev_proc_common(e, t);
	ev_save(e, kind);
	bpf_tail_call(ctx, &stages_exec, ST_CGROUPS);
	tc_fail();
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(se_cgroups, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
	STAGE_BEGIN
	ev_cgroups(e, t);
	ev_save(e, kind);
	bpf_tail_call(ctx, &stages_exec, ST_EXEC_TAIL);
	tc_fail();
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(se_exec_tail, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
	STAGE_BEGIN
	ev_exec_tail(e, t);
	ev_save(e, kind);
	bpf_tail_call(ctx, &stages_exec, ST_EXEC_PATH);
	tc_fail();
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(se_exec_path, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
	STAGE_BEGIN
	ev_exec_path(e, t);
	ev_str(e, BPF_CORE_READ(bprm, filename), 0);
	ev_submit(e);
	return 0;
}

#endif
