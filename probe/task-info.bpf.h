/* Reads process and file facts from kernel structures (CO-RE): ids, credentials,
 * memory counters, tty, cgroups, file paths, fd -> file, overlay layer. */
#ifndef TERCEL_TASK_INFO_BPF_H
#define TERCEL_TASK_INFO_BPF_H

#define TC_OVERLAYFS_MAGIC 0x794c7630
#define TC_FMODE_CREATED 0x100000
#define TC_PATH_DEPTH 16 /* components kept, from the leaf up; a power of two */
#define TC_CGROUP_DEPTH 12
#define TC_PAGE_KB 4 /* x86_64 pages are 4 KiB */

enum tc_overlay { TC_NOT_OVERLAY = 0, TC_OVERLAY_UPPER, TC_OVERLAY_LOWER };

static __always_inline struct task_struct *tc_task(void) {
	return (struct task_struct *)bpf_get_current_task_btf();
}

/* pid as seen from the task's own pid namespace. */
static __always_inline __s64 tc_task_vnr(struct task_struct *t, enum pid_type type) {
	struct pid *p;
	if(type == PIDTYPE_PID) {
		p = BPF_CORE_READ(t, thread_pid);
	} else {
		p = BPF_CORE_READ(t, signal, pids[type]);
	}
	if(!p) {
		return 0;
	}
	unsigned int level = BPF_CORE_READ(p, level);
	return BPF_CORE_READ(p, numbers[level & 31].nr);
}

static __always_inline __s64 tc_task_pgid(struct task_struct *t) {
	struct pid *p = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
	return p ? BPF_CORE_READ(p, numbers[0].nr) : 0;
}

static __always_inline __u32 tc_encode_dev(__u32 dev) {
	__u32 major = dev >> 20, minor = dev & ((1U << 20) - 1);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static __always_inline __u32 tc_tty(struct task_struct *t) {
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if(!tty) {
		return 0;
	}
	int index = BPF_CORE_READ(tty, index);
	int major = BPF_CORE_READ(tty, driver, major);
	int minor_start = BPF_CORE_READ(tty, driver, minor_start);
	return tc_encode_dev(((__u32)major << 20) + minor_start + index);
}

static __always_inline __u64 tc_fdlimit(struct task_struct *t) {
	return BPF_CORE_READ(t, signal, rlim[7 /* RLIMIT_NOFILE */].rlim_cur);
}

static __always_inline __u64 tc_cap(struct task_struct *t, int which) {
	kernel_cap_t c;
	if(which == 0) {
		c = BPF_CORE_READ(t, cred, cap_inheritable);
	} else if(which == 1) {
		c = BPF_CORE_READ(t, cred, cap_permitted);
	} else {
		c = BPF_CORE_READ(t, cred, cap_effective);
	}
	return c.val;
}

static __always_inline __u32 tc_mm_rss_kb(struct mm_struct *mm) {
	__s64 file = BPF_CORE_READ(mm, rss_stat[MM_FILEPAGES].count);
	__s64 anon = BPF_CORE_READ(mm, rss_stat[MM_ANONPAGES].count);
	__s64 shm = BPF_CORE_READ(mm, rss_stat[MM_SHMEMPAGES].count);
	__s64 total = file + anon + shm;
	return total > 0 ? (__u32)(total * TC_PAGE_KB) : 0;
}

static __always_inline __u32 tc_mm_swap_kb(struct mm_struct *mm) {
	__s64 swap = BPF_CORE_READ(mm, rss_stat[MM_SWAPENTS].count);
	return swap > 0 ? (__u32)(swap * TC_PAGE_KB) : 0;
}

static __always_inline struct file *tc_fd_file(struct task_struct *t, __s64 fd) {
	if(fd < 0) {
		return NULL;
	}
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	if(!fdt) {
		return NULL;
	}
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if(fd >= max) {
		return NULL;
	}
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline enum tc_overlay tc_overlay_of(struct file *f) {
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	unsigned long magic = BPF_CORE_READ(inode, i_sb, s_magic);
	if(magic != TC_OVERLAYFS_MAGIC) {
		return TC_NOT_OVERLAY;
	}
	struct ovl_inode *oi = container_of(inode, struct ovl_inode, vfs_inode);
	struct dentry *upper = BPF_CORE_READ(oi, __upperdentry);
	return upper ? TC_OVERLAY_UPPER : TC_OVERLAY_LOWER;
}

/* A file's path from the root of the task's mount tree, walking dentries and crossing
 * mount points (bpf_d_path is not allowed from tp_btf programs). */
static __always_inline void ev_file_path(struct tc_ev *e, struct file *f) {
	if(!f) {
		ev_empty(e);
		return;
	}
	/* The component count lives in map memory, not in a register, so the verifier sees
	 * it as one unknown value instead of following every count separately. */
	struct dentry *dentry = BPF_CORE_READ(f, f_path.dentry);
	struct vfsmount *vfsmnt = BPF_CORE_READ(f, f_path.mnt);
	struct mount *mnt = container_of(vfsmnt, struct mount, mnt);
	e->walk_n = 0;
	for(int i = 0; i < TC_PATH_DEPTH + 8; i++) {
		struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
		if(dentry == mnt_root) {
			struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
			if(parent == mnt) {
				break;
			}
			dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = parent;
			vfsmnt = &parent->mnt;
			continue;
		}
		struct dentry *up = BPF_CORE_READ(dentry, d_parent);
		__u32 k = e->walk_n;
		if(up == dentry || k >= TC_PATH_DEPTH) {
			break;
		}
		e->walk[k & (TC_PATH_DEPTH - 1)] = (__u64)BPF_CORE_READ(dentry, d_name.name);
		e->walk_n = k + 1;
		dentry = up;
	}
	if(e->walk_n == 0) {
		ev_raw_u8(e, '/');
	}
	for(int i = 0; i < TC_PATH_DEPTH; i++) {
		__u32 k = e->walk_n;
		if(i >= k) {
			break;
		}
		ev_raw_u8(e, '/');
		long r = ev_raw_str(e, (const void *)e->walk[(k - 1 - i) & (TC_PATH_DEPTH - 1)], 0);
		if(r > 0) {
			e->pos -= 1; /* drop the NUL: the next '/' or the final NUL follows */
		}
	}
	ev_raw_u8(e, 0);
	ev_close(e);
}

/* "subsys=/path" strings, NUL-separated, for the controllers libsinsp reads container
 * ids from. */
static __always_inline void ev_cgroup_one(struct tc_ev *e, struct task_struct *t, int id) {
	struct cgroup_subsys_state *css = BPF_CORE_READ(t, cgroups, subsys[id]);
	if(!css) {
		return;
	}
	const char *ssname = BPF_CORE_READ(css, ss, name);
	long r = ev_raw_str(e, ssname, 0);
	if(r <= 0) {
		return;
	}
	e->d[(e->pos - 1) & TC_MASK] = '='; /* replace the NUL */
	const char *names[TC_CGROUP_DEPTH];
	struct kernfs_node *kn = BPF_CORE_READ(css, cgroup, kn);
	int k = 0;
	for(int i = 0; i < TC_CGROUP_DEPTH; i++) {
		if(!kn) {
			break;
		}
		struct kernfs_node *up = BPF_CORE_READ(kn, __parent);
		if(!up) {
			break; /* the root node: its name is empty */
		}
		names[i] = BPF_CORE_READ(kn, name);
		k++;
		kn = up;
	}
	if(k == 0) {
		ev_raw_u8(e, '/');
	}
	for(int i = TC_CGROUP_DEPTH - 1; i >= 0; i--) {
		if(i < k) {
			ev_raw_u8(e, '/');
			long n = ev_raw_str(e, names[i], 0);
			if(n > 0) {
				e->pos -= 1;
			}
		}
	}
	ev_raw_u8(e, 0);
}

static __always_inline void ev_cgroups(struct tc_ev *e, struct task_struct *t) {
	if(bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuset_cgrp_id))
		ev_cgroup_one(e, t, bpf_core_enum_value(enum cgroup_subsys_id, cpuset_cgrp_id));
	if(bpf_core_enum_value_exists(enum cgroup_subsys_id, cpu_cgrp_id))
		ev_cgroup_one(e, t, bpf_core_enum_value(enum cgroup_subsys_id, cpu_cgrp_id));
	if(bpf_core_enum_value_exists(enum cgroup_subsys_id, cpuacct_cgrp_id))
		ev_cgroup_one(e, t, bpf_core_enum_value(enum cgroup_subsys_id, cpuacct_cgrp_id));
	if(bpf_core_enum_value_exists(enum cgroup_subsys_id, io_cgrp_id))
		ev_cgroup_one(e, t, bpf_core_enum_value(enum cgroup_subsys_id, io_cgrp_id));
	if(bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
		ev_cgroup_one(e, t, bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id));
	ev_close(e);
}

#endif
