/* The process description clone/fork and execve exit events carry: exe, args, ids,
 * memory counters, comm, cgroups, and for execve the environment, tty, credentials and
 * facts about the executable file. */
#ifndef TERCEL_PROC_INFO_BPF_H
#define TERCEL_PROC_INFO_BPF_H

#define TC_MAX_ARGV 16

/* exe (argv[0]) and args (the rest, NUL-separated) from the mm's argument area. */
static __always_inline void ev_exe_args_from_mm(struct tc_ev *e, struct task_struct *t) {
	unsigned long start = BPF_CORE_READ(t, mm, arg_start);
	unsigned long end = BPF_CORE_READ(t, mm, arg_end);
	if(!start || end <= start) {
		ev_empty(e);
		ev_empty(e);
		return;
	}
	long exe_len = ev_str(e, (const void *)start, 1);
	__u64 total = end - start;
	if(total > TC_MAX_ARG_ENV) {
		total = TC_MAX_ARG_ENV;
	}
	__u64 rest = total > (__u64)exe_len ? total - exe_len : 0;
	ev_bytes(e, (const void *)(start + exe_len), rest, TC_MAX_ARG_ENV, 1);
}

/* exe and args from a user argv array (an execve that failed: the old mm is still there). */
static __always_inline void ev_exe_args_from_argv(struct tc_ev *e, const char *const *argv) {
	const char *p = NULL;
	if(!argv || bpf_probe_read_user(&p, sizeof(p), &argv[0]) || !p) {
		ev_empty(e);
		ev_empty(e);
		return;
	}
	ev_str(e, p, 1);
	for(int i = 1; i < TC_MAX_ARGV; i++) {
		p = NULL;
		if(bpf_probe_read_user(&p, sizeof(p), &argv[i]) || !p) {
			break;
		}
		if(e->pos - e->pstart >= TC_MAX_ARG_ENV) {
			break;
		}
		ev_raw_str(e, p, 1);
	}
	ev_close(e);
}

static __always_inline __u64 tc_pidns_init_start(struct task_struct *t) {
	struct pid *p = BPF_CORE_READ(t, thread_pid);
	if(!p) {
		return 0;
	}
	unsigned int level = BPF_CORE_READ(p, level);
	struct pid_namespace *ns = BPF_CORE_READ(p, numbers[level & 31].ns);
	return BPF_CORE_READ(ns, child_reaper, start_time);
}

/* Parameters 4..14 shared by clone and execve: tid pid ptid cwd fdlimit pgft_maj pgft_min
 * vm_size vm_rss vm_swap comm (cgroups follow, in a stage of their own). Ids are global (init namespace), as libsinsp expects. */
static __always_inline void ev_proc_common(struct tc_ev *e, struct task_struct *t) {
	ev_s64(e, BPF_CORE_READ(t, pid));
	ev_s64(e, BPF_CORE_READ(t, tgid));
	ev_s64(e, BPF_CORE_READ(t, real_parent, tgid));
	ev_empty(e); /* cwd: libsinsp fills it from /proc and chdir events */
	ev_u64(e, tc_fdlimit(t));
	ev_u64(e, BPF_CORE_READ(t, maj_flt));
	ev_u64(e, BPF_CORE_READ(t, min_flt));
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	if(mm) {
		ev_u32(e, (__u32)(BPF_CORE_READ(mm, total_vm) * TC_PAGE_KB));
		ev_u32(e, tc_mm_rss_kb(mm));
		ev_u32(e, tc_mm_swap_kb(mm));
	} else {
		ev_u32(e, 0);
		ev_u32(e, 0);
		ev_u32(e, 0);
	}
	ev_str(e, t->comm, 0);
}

static __always_inline int tc_exe_writable(struct task_struct *t, struct inode *inode) {
	umode_t mode = BPF_CORE_READ(inode, i_mode);
	unsigned long s_flags = BPF_CORE_READ(inode, i_sb, s_flags);
	if(s_flags & 1) { /* SB_RDONLY */
		return 0;
	}
	if(BPF_CORE_READ(inode, i_flags) & 8) { /* S_IMMUTABLE */
		return 0;
	}
	__u32 i_uid = BPF_CORE_READ(inode, i_uid.val);
	__u32 i_gid = BPF_CORE_READ(inode, i_gid.val);
	__u32 fsuid = BPF_CORE_READ(t, cred, fsuid.val);
	__u32 fsgid = BPF_CORE_READ(t, cred, fsgid.val);
	if(fsuid == i_uid) {
		return 1; /* the owner may always make it writable */
	}
	if(i_gid == fsgid && (mode & 0020)) {
		return 1;
	}
	if(mode & 0002) {
		return 1;
	}
	return (tc_cap(t, 2) >> 1) & 1; /* CAP_DAC_OVERRIDE */
}

static __always_inline int tc_file_from_memfd(struct file *f) {
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	if(!d || BPF_CORE_READ(d, d_parent) != d) {
		return 0;
	}
	char name[8] = {};
	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(d, d_name.name));
	return name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' && name[4] == 'd' && name[5] == ':';
}

/* Parameters 16..27 of execve/execveat exit: env .. uid. */
static __always_inline void ev_exec_tail(struct tc_ev *e, struct task_struct *t) {
	unsigned long env_start = BPF_CORE_READ(t, mm, env_start);
	unsigned long env_end = BPF_CORE_READ(t, mm, env_end);
	ev_bytes(e, (const void *)env_start, env_end > env_start ? env_end - env_start : 0, TC_MAX_ARG_ENV, 1);
	ev_u32(e, tc_tty(t));
	ev_s64(e, tc_task_vnr(t, PIDTYPE_PGID));
	ev_u32(e, BPF_CORE_READ(t, loginuid.val));
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	struct inode *inode = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	__u32 flags = 0;
	if(inode) {
		if(tc_exe_writable(t, inode)) {
			flags |= TC_F_execve_flags_EXE_WRITABLE;
		}
		enum tc_overlay ol = tc_overlay_of(exe);
		if(ol == TC_OVERLAY_UPPER) {
			flags |= TC_F_execve_flags_EXE_UPPER_LAYER;
		} else if(ol == TC_OVERLAY_LOWER) {
			flags |= TC_F_execve_flags_EXE_LOWER_LAYER;
		}
		if(tc_file_from_memfd(exe)) {
			flags |= TC_F_execve_flags_EXE_FROM_MEMFD;
		}
	}
	ev_u32(e, flags);
	ev_u64(e, tc_cap(t, 0));
	ev_u64(e, tc_cap(t, 1));
	ev_u64(e, tc_cap(t, 2));
	if(inode) {
		ev_u64(e, BPF_CORE_READ(inode, i_ino));
		ev_u64(e, BPF_CORE_READ(inode, i_ctime_sec) * 1000000000ULL + BPF_CORE_READ(inode, i_ctime_nsec));
		ev_u64(e, BPF_CORE_READ(inode, i_mtime_sec) * 1000000000ULL + BPF_CORE_READ(inode, i_mtime_nsec));
	} else {
		ev_u64(e, 0);
		ev_u64(e, 0);
		ev_u64(e, 0);
	}
	ev_u32(e, BPF_CORE_READ(t, cred, euid.val));
}

/* Parameters 28..30: trusted_exepath pgid gid. */
static __always_inline void ev_exec_path(struct tc_ev *e, struct task_struct *t) {
	ev_file_path(e, BPF_CORE_READ(t, mm, exe_file));
	ev_s64(e, tc_task_pgid(t));
	ev_u32(e, BPF_CORE_READ(t, cred, egid.val));
}

#endif
