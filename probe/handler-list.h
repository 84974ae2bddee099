/* The syscalls with a dedicated sys_exit handler, as one X-macro: the BPF side builds its
 * tail-call table from it, the loader its default syscall subset (before the programs are
 * loaded, when the subset is patched into them). TC_NR_* come from gen/event_schema.h. */
#ifndef TERCEL_HANDLER_LIST_H
#define TERCEL_HANDLER_LIST_H

/* native syscall number -> handler program */
#define TC_HANDLERS(X)                                                                     \
	X(TC_NR_open, h_open) X(TC_NR_openat, h_openat) X(TC_NR_openat2, h_openat2)            \
	X(TC_NR_creat, h_creat) X(TC_NR_close, h_close)                                        \
	X(TC_NR_execve, h_execve) X(TC_NR_execveat, h_execveat)                                \
	X(TC_NR_clone, h_clone) X(TC_NR_clone3, h_clone3) X(TC_NR_fork, h_fork)                \
	X(TC_NR_vfork, h_vfork)                                                                \
	X(TC_NR_socket, h_socket) X(TC_NR_connect, h_connect) X(TC_NR_accept, h_accept)        \
	X(TC_NR_accept4, h_accept4) X(TC_NR_bind, h_bind) X(TC_NR_listen, h_listen)            \
	X(TC_NR_socketpair, h_socketpair) X(TC_NR_sendto, h_sendto)                            \
	X(TC_NR_recvfrom, h_recvfrom)                                                          \
	X(TC_NR_dup, h_dup) X(TC_NR_dup2, h_dup2) X(TC_NR_dup3, h_dup3)                        \
	X(TC_NR_pipe, h_pipe) X(TC_NR_pipe2, h_pipe2)                                          \
	X(TC_NR_eventfd, h_eventfd) X(TC_NR_eventfd2, h_eventfd2)                              \
	X(TC_NR_signalfd, h_signalfd) X(TC_NR_signalfd4, h_signalfd4)                          \
	X(TC_NR_memfd_create, h_memfd_create) X(TC_NR_userfaultfd, h_userfaultfd)              \
	X(TC_NR_unlink, h_unlink) X(TC_NR_unlinkat, h_unlinkat)                                \
	X(TC_NR_rename, h_rename) X(TC_NR_renameat, h_renameat)                                \
	X(TC_NR_renameat2, h_renameat2)                                                        \
	X(TC_NR_mkdir, h_mkdir) X(TC_NR_mkdirat, h_mkdirat) X(TC_NR_rmdir, h_rmdir)            \
	X(TC_NR_link, h_link) X(TC_NR_linkat, h_linkat)                                        \
	X(TC_NR_symlink, h_symlink) X(TC_NR_symlinkat, h_symlinkat)                            \
	X(TC_NR_chmod, h_chmod) X(TC_NR_fchmod, h_fchmod) X(TC_NR_fchmodat, h_fchmodat)        \
	X(TC_NR_mount, h_mount) X(TC_NR_umount2, h_umount2)                                    \
	X(TC_NR_chdir, h_chdir) X(TC_NR_fchdir, h_fchdir)                                      \
	X(TC_NR_ptrace, h_ptrace) X(TC_NR_kill, h_kill) X(TC_NR_prctl, h_prctl)                \
	X(TC_NR_setuid, h_setuid) X(TC_NR_setgid, h_setgid)                                    \
	X(TC_NR_setresuid, h_setresuid) X(TC_NR_setresgid, h_setresgid)                        \
	X(TC_NR_setns, h_setns) X(TC_NR_unshare, h_unshare)                                    \
	X(TC_NR_init_module, h_init_module) X(TC_NR_finit_module, h_finit_module)              \
	X(TC_NR_bpf, h_bpf)

#endif
