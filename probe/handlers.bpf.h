/* One tail-called sys_exit handler per syscall with a dedicated event. Each fills the
 * exit event's parameters in schema order (TC_NP_* from gen/event_schema.h must match,
 * or ev_submit counts an error and drops the event). Syscall arguments are read from
 * pt_regs, which still hold them at exit. */
#ifndef TERCEL_HANDLERS_BPF_H
#define TERCEL_HANDLERS_BPF_H

#include "handler-list.h"

#define ARG0 ((unsigned long)regs->di)
#define ARG1 ((unsigned long)regs->si)
#define ARG2 ((unsigned long)regs->dx)
#define ARG3 ((unsigned long)regs->r10)
#define ARG4 ((unsigned long)regs->r8)
#define ARG5 ((unsigned long)regs->r9)
#define UPTR(x) ((const void *)(x))

/* Declares the handler and opens its event; the body fills params and ends with END. */
#define HANDLER(fn, ev)                                                \
	SEC("tp_btf/sys_exit")                                             \
	int BPF_PROG(fn, struct pt_regs *regs, long ret) {                 \
		struct tc_ev *e = ev_begin(TC_EV_##ev, TC_NP_##ev);            \
		if(!e) {                                                       \
			return 0;                                                  \
		}
#define END          \
	ev_submit(e);    \
	return 0;        \
	}

static __always_inline __s64 tc_dirfd(unsigned long v) {
	int fd = (int)v;
	return fd == K_AT_FDCWD ? TC_PPM_AT_FDCWD : fd;
}

/* dev, ino and creation/overlay flags of the file an open returned. */
struct tc_open_info {
	__u32 dev;
	__u64 ino;
	__u32 extra_flags;
	enum tc_overlay ol;
};

static __always_inline void tc_opened(long fd, struct tc_open_info *oi) {
	oi->dev = 0;
	oi->ino = 0;
	oi->extra_flags = 0;
	oi->ol = TC_NOT_OVERLAY;
	if(fd < 0) {
		return;
	}
	struct file *f = tc_fd_file(tc_task(), fd);
	if(!f) {
		return;
	}
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	oi->dev = tc_encode_dev(BPF_CORE_READ(inode, i_sb, s_dev));
	oi->ino = BPF_CORE_READ(inode, i_ino);
	if(BPF_CORE_READ(f, f_mode) & TC_FMODE_CREATED) {
		oi->extra_flags |= TC_F_file_flags_O_F_CREATED;
	}
	oi->ol = tc_overlay_of(f);
	if(oi->ol == TC_OVERLAY_UPPER) {
		oi->extra_flags |= TC_F_file_flags_FD_UPPER_LAYER;
	} else if(oi->ol == TC_OVERLAY_LOWER) {
		oi->extra_flags |= TC_F_file_flags_FD_LOWER_LAYER;
	}
}

/* ---- files ---- */

HANDLER(h_open, SYSCALL_OPEN_X)
	struct tc_open_info oi;
	tc_opened(ret, &oi);
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_u32(e, tc_open_flags(ARG1) | oi.extra_flags);
	ev_u32(e, tc_open_mode(ARG1, ARG2));
	ev_u32(e, oi.dev);
	ev_u64(e, oi.ino);
END

HANDLER(h_openat, SYSCALL_OPENAT_2_X)
	struct tc_open_info oi;
	tc_opened(ret, &oi);
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_u32(e, tc_open_flags(ARG2) | oi.extra_flags);
	ev_u32(e, tc_open_mode(ARG2, ARG3));
	ev_u32(e, oi.dev);
	ev_u64(e, oi.ino);
END

HANDLER(h_openat2, SYSCALL_OPENAT2_X)
	struct tc_open_info oi;
	tc_opened(ret, &oi);
	struct open_how how = {};
	bpf_probe_read_user(&how, sizeof(how), UPTR(ARG2));
	__u32 resolve = 0;
	if(how.resolve & 0x08) resolve |= TC_F_openat2_flags_RESOLVE_BENEATH;
	if(how.resolve & 0x10) resolve |= TC_F_openat2_flags_RESOLVE_IN_ROOT;
	if(how.resolve & 0x02) resolve |= TC_F_openat2_flags_RESOLVE_NO_MAGICLINKS;
	if(how.resolve & 0x04) resolve |= TC_F_openat2_flags_RESOLVE_NO_SYMLINKS;
	if(how.resolve & 0x01) resolve |= TC_F_openat2_flags_RESOLVE_NO_XDEV;
	if(how.resolve & 0x20) resolve |= TC_F_openat2_flags_RESOLVE_CACHED;
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_u32(e, tc_open_flags(how.flags) | oi.extra_flags);
	ev_u32(e, tc_open_mode(how.flags, how.mode));
	ev_u32(e, resolve);
	ev_u32(e, oi.dev);
	ev_u64(e, oi.ino);
END

HANDLER(h_creat, SYSCALL_CREAT_X)
	struct tc_open_info oi;
	tc_opened(ret, &oi);
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_u32(e, ARG1 & 07777);
	ev_u32(e, oi.dev);
	ev_u64(e, oi.ino);
	__u16 cf = 0;
	if(oi.ol == TC_OVERLAY_UPPER) cf = TC_F_creat_flags_FD_UPPER_LAYER_CREAT;
	else if(oi.ol == TC_OVERLAY_LOWER) cf = TC_F_creat_flags_FD_LOWER_LAYER_CREAT;
	ev_u16(e, cf);
END

HANDLER(h_close, SYSCALL_CLOSE_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
END

HANDLER(h_unlink, SYSCALL_UNLINK_2_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
END

HANDLER(h_unlinkat, SYSCALL_UNLINKAT_2_X)
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_u32(e, (ARG2 & 0x200) ? TC_F_unlinkat_flags_AT_REMOVEDIR : 0);
END

HANDLER(h_rename, SYSCALL_RENAME_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_str(e, UPTR(ARG1), 1);
END

HANDLER(h_renameat, SYSCALL_RENAMEAT_X)
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_s64(e, tc_dirfd(ARG2));
	ev_str(e, UPTR(ARG3), 1);
END

HANDLER(h_renameat2, SYSCALL_RENAMEAT2_X)
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_s64(e, tc_dirfd(ARG2));
	ev_str(e, UPTR(ARG3), 1);
	ev_u32(e, ARG4 & 7); /* RENAME_* have the same values in scap */
END

HANDLER(h_mkdir, SYSCALL_MKDIR_2_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_u32(e, ARG1);
END

HANDLER(h_mkdirat, SYSCALL_MKDIRAT_X)
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_u32(e, ARG2);
END

HANDLER(h_rmdir, SYSCALL_RMDIR_2_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
END

HANDLER(h_link, SYSCALL_LINK_2_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_str(e, UPTR(ARG1), 1);
END

HANDLER(h_linkat, SYSCALL_LINKAT_2_X)
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_s64(e, tc_dirfd(ARG2));
	ev_str(e, UPTR(ARG3), 1);
	__u32 lf = 0;
	if(ARG4 & 0x400) lf |= TC_F_linkat_flags_AT_SYMLINK_FOLLOW;
	if(ARG4 & 0x1000) lf |= TC_F_linkat_flags_AT_EMPTY_PATH;
	ev_u32(e, lf);
END

HANDLER(h_symlink, SYSCALL_SYMLINK_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_str(e, UPTR(ARG1), 1);
END

HANDLER(h_symlinkat, SYSCALL_SYMLINKAT_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_s64(e, tc_dirfd(ARG1));
	ev_str(e, UPTR(ARG2), 1);
END

/* PT_MODE: the S_I* permission bits have the same values in scap */
HANDLER(h_chmod, SYSCALL_CHMOD_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_u32(e, ARG1 & 07777);
END

HANDLER(h_fchmod, SYSCALL_FCHMOD_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	ev_u32(e, ARG1 & 07777);
END

HANDLER(h_fchmodat, SYSCALL_FCHMODAT_X)
	ev_s64(e, ret);
	ev_s64(e, tc_dirfd(ARG0));
	ev_str(e, UPTR(ARG1), 1);
	ev_u32(e, ARG2 & 07777);
END

HANDLER(h_mount, SYSCALL_MOUNT_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_str(e, UPTR(ARG1), 1);
	ev_str(e, UPTR(ARG2), 1);
	__u32 mf = ARG3;
	if((mf & 0xffff0000) == 0xc0ed0000) { /* MS_MGC_VAL: old magic in the high bits */
		mf &= 0xffff;
	}
	ev_u32(e, mf);
END

HANDLER(h_umount2, SYSCALL_UMOUNT2_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_u32(e, ARG1 & 0xf);
END

HANDLER(h_chdir, SYSCALL_CHDIR_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
END

HANDLER(h_fchdir, SYSCALL_FCHDIR_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
END

/* ---- fds ---- */

HANDLER(h_dup, SYSCALL_DUP_1_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
END

HANDLER(h_dup2, SYSCALL_DUP2_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	ev_s64(e, (int)ARG1);
END

HANDLER(h_dup3, SYSCALL_DUP3_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	ev_s64(e, (int)ARG1);
	ev_u32(e, (ARG2 & K_O_CLOEXEC) ? TC_F_file_flags_O_CLOEXEC : 0);
END

static __always_inline void tc_pipe_params(struct tc_ev *e, long ret, unsigned long ufds) {
	int fds[2] = {-1, -1};
	if(ret == 0) {
		bpf_probe_read_user(fds, sizeof(fds), UPTR(ufds));
	}
	ev_s64(e, ret);
	ev_s64(e, fds[0]);
	ev_s64(e, fds[1]);
	__u64 ino = 0;
	struct file *f = ret == 0 ? tc_fd_file(tc_task(), fds[0]) : NULL;
	if(f) {
		ino = BPF_CORE_READ(f, f_inode, i_ino);
	}
	ev_u64(e, ino);
}

HANDLER(h_pipe, SYSCALL_PIPE_X)
	tc_pipe_params(e, ret, ARG0);
END

HANDLER(h_pipe2, SYSCALL_PIPE2_X)
	tc_pipe_params(e, ret, ARG0);
	ev_u32(e, tc_open_flags(ARG1) & ~TC_F_file_flags_O_RDONLY);
END

HANDLER(h_eventfd, SYSCALL_EVENTFD_X)
	ev_s64(e, ret);
	ev_u64(e, ARG0);
	ev_u32(e, 0);
END

HANDLER(h_eventfd2, SYSCALL_EVENTFD2_X)
	ev_s64(e, ret);
	ev_u16(e, tc_open_flags(ARG1) & (TC_F_file_flags_O_CLOEXEC | TC_F_file_flags_O_NONBLOCK));
	ev_u64(e, ARG0);
END

HANDLER(h_signalfd, SYSCALL_SIGNALFD_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	__u32 mask = 0;
	bpf_probe_read_user(&mask, sizeof(mask), UPTR(ARG1));
	ev_u32(e, mask);
	ev_u8(e, 0);
END

HANDLER(h_signalfd4, SYSCALL_SIGNALFD4_X)
	ev_s64(e, ret);
	ev_u16(e, tc_open_flags(ARG3) & (TC_F_file_flags_O_CLOEXEC | TC_F_file_flags_O_NONBLOCK));
	ev_s64(e, (int)ARG0);
	__u32 mask = 0;
	bpf_probe_read_user(&mask, sizeof(mask), UPTR(ARG1));
	ev_u32(e, mask);
END

HANDLER(h_memfd_create, SYSCALL_MEMFD_CREATE_X)
	ev_s64(e, ret);
	ev_str(e, UPTR(ARG0), 1);
	ev_u32(e, ARG1 & 7); /* MFD_CLOEXEC/ALLOW_SEALING/HUGETLB: same values in scap */
END

HANDLER(h_userfaultfd, SYSCALL_USERFAULTFD_X)
	ev_s64(e, ret);
	ev_u32(e, tc_open_flags(ARG0) & (TC_F_file_flags_O_CLOEXEC | TC_F_file_flags_O_NONBLOCK));
END

/* ---- network ---- */

HANDLER(h_socket, SOCKET_SOCKET_X)
	ev_s64(e, ret);
	ev_u32(e, ARG0);
	ev_u32(e, ARG1 & ~(K_SOCK_NONBLOCK | K_SOCK_CLOEXEC));
	ev_u32(e, ARG2);
	__u32 sf = 0;
	if(ARG1 & K_SOCK_NONBLOCK) sf |= TC_F_file_flags_O_NONBLOCK;
	if(ARG1 & K_SOCK_CLOEXEC) sf |= TC_F_file_flags_O_CLOEXEC;
	ev_u32(e, sf);
END

HANDLER(h_socketpair, SOCKET_SOCKETPAIR_X)
	int fds[2] = {-1, -1};
	__u64 src = 0, peer = 0;
	if(ret == 0) {
		bpf_probe_read_user(fds, sizeof(fds), UPTR(ARG3));
		struct sock *sk = tc_fd_sock(tc_task(), fds[0]);
		if(sk) {
			src = (__u64)sk;
			peer = (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
	}
	ev_s64(e, ret);
	ev_s64(e, fds[0]);
	ev_s64(e, fds[1]);
	ev_u64(e, src);
	ev_u64(e, peer);
	ev_u32(e, ARG0);
	ev_u32(e, ARG1 & ~(K_SOCK_NONBLOCK | K_SOCK_CLOEXEC));
	ev_u32(e, ARG2);
END

HANDLER(h_connect, SOCKET_CONNECT_X)
	ev_s64(e, ret);
	/* a tuple only once connected (or connecting, for non-blocking sockets) */
	if(ret == 0 || ret == -115) { /* -EINPROGRESS */
		ev_socktuple(e, tc_task(), (int)ARG0, 1, UPTR(ARG1));
	} else {
		ev_empty(e);
	}
	ev_s64(e, (int)ARG0);
	ev_sockaddr(e, UPTR(ARG1), ARG2);
END

static __always_inline void tc_accept_params(struct tc_ev *e, long ret) {
	ev_s64(e, ret);
	__u32 qlen = 0, qmax = 0;
	__u8 pct = 0;
	if(ret >= 0) {
		ev_socktuple(e, tc_task(), ret, 0, NULL);
	} else {
		ev_empty(e);
	}
	ev_u8(e, pct);
	ev_u32(e, qlen);
	ev_u32(e, qmax);
}

static __always_inline void tc_accept_queue(struct tc_ev *e, long listen_fd, __u32 qlen_pos) {
	/* listening socket backlog: sk_ack_backlog / sk_max_ack_backlog */
	struct sock *sk = tc_fd_sock(tc_task(), listen_fd);
	if(!sk) {
		return;
	}
	__u32 qlen = BPF_CORE_READ(sk, sk_ack_backlog);
	__u32 qmax = BPF_CORE_READ(sk, sk_max_ack_backlog);
	__u8 pct = qmax ? (__u8)(qlen * 100 / qmax) : 0;
	e->d[(qlen_pos - 1) & TC_MASK] = pct;
	*(__u32 *)&e->d[qlen_pos & TC_MASK] = qlen;
	*(__u32 *)&e->d[(qlen_pos + 4) & TC_MASK] = qmax;
}

HANDLER(h_accept, SOCKET_ACCEPT_5_X)
	tc_accept_params(e, ret);
	tc_accept_queue(e, (int)ARG0, e->pos - 8);
END

HANDLER(h_accept4, SOCKET_ACCEPT4_6_X)
	tc_accept_params(e, ret);
	tc_accept_queue(e, (int)ARG0, e->pos - 8);
	ev_u32(e, ARG3);
END

HANDLER(h_bind, SOCKET_BIND_X)
	ev_s64(e, ret);
	ev_sockaddr(e, UPTR(ARG1), ARG2);
	ev_s64(e, (int)ARG0);
END

HANDLER(h_listen, SOCKET_LISTEN_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	ev_u32(e, (int)ARG1);
END

HANDLER(h_sendto, SOCKET_SENDTO_X)
	ev_s64(e, ret);
	ev_bytes(e, UPTR(ARG1), ret > 0 ? ret : 0, tc_snaplen, 1);
	ev_s64(e, (int)ARG0);
	ev_u32(e, ARG2);
	ev_socktuple(e, tc_task(), (int)ARG0, 1, UPTR(ARG4));
END

HANDLER(h_recvfrom, SOCKET_RECVFROM_X)
	ev_s64(e, ret);
	ev_bytes(e, UPTR(ARG1), ret > 0 ? ret : 0, tc_snaplen, 1);
	ev_socktuple(e, tc_task(), (int)ARG0, 0, NULL);
	ev_s64(e, (int)ARG0);
	ev_u32(e, ARG2);
END

/* ---- processes ---- */

/* Successful execs are emitted from sched_process_exec; only failures come here. The
 * rest of the event is added by the stages in proc-stages.bpf.h. */
static __always_inline int tc_exec_failed(unsigned long long *ctx, long ret, __u16 type, __u32 np,
                                          unsigned long argv, __u32 kind) {
	if(ret == 0) {
		return 0;
	}
	struct tc_ev *e = ev_begin(type, np);
	if(!e) {
		return 0;
	}
	ev_s64(e, ret);
	ev_exe_args_from_argv(e, (const char *const *)argv);
	ev_save(e, kind);
	bpf_tail_call(ctx, &stages_sys, ST_COMMON);
	tc_fail();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(h_execve, struct pt_regs *regs, long ret) {
	return tc_exec_failed(ctx, ret, TC_EV_SYSCALL_EXECVE_19_X, TC_NP_SYSCALL_EXECVE_19_X, ARG1, TC_K_EXECVE);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(h_execveat, struct pt_regs *regs, long ret) {
	return tc_exec_failed(ctx, ret, TC_EV_SYSCALL_EXECVEAT_X, TC_NP_SYSCALL_EXECVEAT_X, ARG2, TC_K_EXECVEAT);
}

/* Emitted twice, as libsinsp expects: in the parent (res = child tid) and in the child
 * (res = 0), each describing the calling thread. */
static __always_inline int tc_clone_begin(unsigned long long *ctx, long ret, __u16 type, __u32 np) {
	struct tc_ev *e = ev_begin(type, np);
	if(!e) {
		return 0;
	}
	ev_s64(e, ret);
	ev_exe_args_from_mm(e, tc_task());
	ev_save(e, TC_K_CLONE);
	bpf_tail_call(ctx, &stages_sys, ST_COMMON);
	tc_fail();
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(h_clone, struct pt_regs *regs, long ret) {
	return tc_clone_begin(ctx, ret, TC_EV_SYSCALL_CLONE_20_X, TC_NP_SYSCALL_CLONE_20_X);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(h_clone3, struct pt_regs *regs, long ret) {
	return tc_clone_begin(ctx, ret, TC_EV_SYSCALL_CLONE3_X, TC_NP_SYSCALL_CLONE3_X);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(h_fork, struct pt_regs *regs, long ret) {
	return tc_clone_begin(ctx, ret, TC_EV_SYSCALL_FORK_20_X, TC_NP_SYSCALL_FORK_20_X);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(h_vfork, struct pt_regs *regs, long ret) {
	return tc_clone_begin(ctx, ret, TC_EV_SYSCALL_VFORK_20_X, TC_NP_SYSCALL_VFORK_20_X);
}

HANDLER(h_ptrace, SYSCALL_PTRACE_X)
	__u16 req = tc_ptrace_request(ARG0);
	ev_s64(e, ret);
	/* addr and data are PT_DYN: a one-byte selector into ptrace_dynamic_param
	 * (0 = u64, 1 = signal number), then the value; both 0 when the call failed.
	 * PEEK* return the word through the data pointer; CONT/SINGLESTEP/DETACH/SYSCALL
	 * take a signal number as data; the other requests keep data as given. */
	ev_raw_u8(e, 0);
	ev_raw_u64(e, (long)ret < 0 ? 0 : ARG2);
	ev_close(e);
	if((long)ret < 0) {
		ev_raw_u8(e, 0);
		ev_raw_u64(e, 0);
	} else if(req == TC_F_ptrace_requests_PTRACE_PEEKTEXT || req == TC_F_ptrace_requests_PTRACE_PEEKDATA ||
	          req == TC_F_ptrace_requests_PTRACE_PEEKUSR) {
		__u64 word = 0;
		bpf_probe_read_user(&word, sizeof(word), UPTR(ARG3));
		ev_raw_u8(e, 0);
		ev_raw_u64(e, word);
	} else if(req == TC_F_ptrace_requests_PTRACE_CONT || req == TC_F_ptrace_requests_PTRACE_SINGLESTEP ||
	          req == TC_F_ptrace_requests_PTRACE_DETACH || req == TC_F_ptrace_requests_PTRACE_SYSCALL) {
		ev_raw_u8(e, 1);
		ev_raw_u8(e, (__u8)ARG3);
	} else {
		ev_raw_u8(e, 0);
		ev_raw_u64(e, ARG3);
	}
	ev_close(e);
	ev_u16(e, req);
	ev_s64(e, (int)ARG1);
END

HANDLER(h_kill, SYSCALL_KILL_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	ev_u8(e, ARG1);
END

HANDLER(h_prctl, SYSCALL_PRCTL_X)
	ev_s64(e, ret);
	ev_u32(e, ARG0);
	if(ARG0 == 15 || ARG0 == 16) { /* PR_SET_NAME / PR_GET_NAME */
		ev_str(e, UPTR(ARG1), 1);
		ev_s64(e, 0);
	} else {
		ev_empty(e);
		ev_s64(e, ARG1);
	}
END

HANDLER(h_setuid, SYSCALL_SETUID_X)
	ev_s64(e, ret);
	ev_u32(e, ARG0);
END

HANDLER(h_setgid, SYSCALL_SETGID_X)
	ev_s64(e, ret);
	ev_u32(e, ARG0);
END

HANDLER(h_setresuid, SYSCALL_SETRESUID_X)
	ev_s64(e, ret);
	ev_u32(e, ARG0);
	ev_u32(e, ARG1);
	ev_u32(e, ARG2);
END

HANDLER(h_setresgid, SYSCALL_SETRESGID_X)
	ev_s64(e, ret);
	ev_u32(e, ARG0);
	ev_u32(e, ARG1);
	ev_u32(e, ARG2);
END

/* Namespace flags: CLONE_NEW* -> scap clone flags. */
HANDLER(h_setns, SYSCALL_SETNS_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	ev_u32(e, tc_clone_flags(ARG1));
END

HANDLER(h_unshare, SYSCALL_UNSHARE_X)
	ev_s64(e, ret);
	ev_u32(e, tc_clone_flags(ARG0));
END

HANDLER(h_init_module, SYSCALL_INIT_MODULE_X)
	ev_s64(e, ret);
	ev_bytes(e, UPTR(ARG0), ARG1, tc_snaplen, 1);
	ev_u64(e, ARG1);
	ev_str(e, UPTR(ARG2), 1);
END

HANDLER(h_finit_module, SYSCALL_FINIT_MODULE_X)
	ev_s64(e, ret);
	ev_s64(e, (int)ARG0);
	ev_str(e, UPTR(ARG1), 1);
	ev_u32(e, ARG2 & 7);
END

HANDLER(h_bpf, SYSCALL_BPF_2_X)
	ev_s64(e, ret);
	ev_u32(e, ARG0);
END

#endif
