/* Kernel (x86_64 uapi) flag values -> the scap values the schema's flag tables define
 * (TC_F_* from gen/event_schema.h). */
#ifndef TERCEL_SCAP_FLAGS_BPF_H
#define TERCEL_SCAP_FLAGS_BPF_H

/* x86_64 uapi values, spelled out because vmlinux.h carries no #defines */
#define K_O_ACCMODE 03
#define K_O_WRONLY 01
#define K_O_RDWR 02
#define K_O_CREAT 0100
#define K_O_EXCL 0200
#define K_O_TRUNC 01000
#define K_O_APPEND 02000
#define K_O_NONBLOCK 04000
#define K_O_DSYNC 010000
#define K_O_DIRECT 040000
#define K_O_LARGEFILE 0100000
#define K_O_DIRECTORY 0200000
#define K_O_CLOEXEC 02000000
#define K_O_SYNC 04000000
#define K_O_TMPFILE 020000000
#define K_AT_FDCWD -100
#define TC_PPM_AT_FDCWD -100

static __always_inline __u32 tc_open_flags(__u32 f) {
	__u32 r = 0;
	switch(f & K_O_ACCMODE) {
	case 0: r |= TC_F_file_flags_O_RDONLY; break;
	case K_O_WRONLY: r |= TC_F_file_flags_O_WRONLY; break;
	case K_O_RDWR: r |= TC_F_file_flags_O_RDWR; break;
	}
	if(f & K_O_CREAT) r |= TC_F_file_flags_O_CREAT;
	if(f & K_O_EXCL) r |= TC_F_file_flags_O_EXCL;
	if(f & K_O_TRUNC) r |= TC_F_file_flags_O_TRUNC;
	if(f & K_O_APPEND) r |= TC_F_file_flags_O_APPEND;
	if(f & K_O_NONBLOCK) r |= TC_F_file_flags_O_NONBLOCK;
	if(f & K_O_DSYNC) r |= TC_F_file_flags_O_DSYNC;
	if(f & K_O_DIRECT) r |= TC_F_file_flags_O_DIRECT;
	if(f & K_O_LARGEFILE) r |= TC_F_file_flags_O_LARGEFILE;
	if((f & K_O_TMPFILE) == K_O_TMPFILE) {
		r |= TC_F_file_flags_O_TMPFILE;
	} else if(f & K_O_DIRECTORY) {
		r |= TC_F_file_flags_O_DIRECTORY;
	}
	if(f & K_O_CLOEXEC) r |= TC_F_file_flags_O_CLOEXEC;
	if((f & K_O_SYNC) == K_O_SYNC) r |= TC_F_file_flags_O_SYNC;
	return r;
}

/* The mode only means something when the call may create the file. */
static __always_inline __u32 tc_open_mode(__u32 flags, __u32 mode) {
	return (flags & (K_O_CREAT | K_O_TMPFILE)) ? (mode & 07777) : 0;
}

#define K_CLONE_VM 0x100
#define K_CLONE_FS 0x200
#define K_CLONE_FILES 0x400
#define K_CLONE_SIGHAND 0x800
#define K_CLONE_PTRACE 0x2000
#define K_CLONE_VFORK 0x4000
#define K_CLONE_PARENT 0x8000
#define K_CLONE_THREAD 0x10000
#define K_CLONE_NEWNS 0x20000
#define K_CLONE_SYSVSEM 0x40000
#define K_CLONE_SETTLS 0x80000
#define K_CLONE_PARENT_SETTID 0x100000
#define K_CLONE_CHILD_CLEARTID 0x200000
#define K_CLONE_UNTRACED 0x800000
#define K_CLONE_CHILD_SETTID 0x1000000
#define K_CLONE_NEWCGROUP 0x2000000
#define K_CLONE_NEWUTS 0x4000000
#define K_CLONE_NEWIPC 0x8000000
#define K_CLONE_NEWUSER 0x10000000
#define K_CLONE_NEWPID 0x20000000
#define K_CLONE_NEWNET 0x40000000
#define K_CLONE_IO 0x80000000UL

static __always_inline __u32 tc_clone_flags(__u64 f) {
	__u32 r = 0;
	if(f & K_CLONE_FILES) r |= TC_F_clone_flags_CLONE_FILES;
	if(f & K_CLONE_FS) r |= TC_F_clone_flags_CLONE_FS;
	if(f & K_CLONE_IO) r |= TC_F_clone_flags_CLONE_IO;
	if(f & K_CLONE_NEWIPC) r |= TC_F_clone_flags_CLONE_NEWIPC;
	if(f & K_CLONE_NEWNET) r |= TC_F_clone_flags_CLONE_NEWNET;
	if(f & K_CLONE_NEWNS) r |= TC_F_clone_flags_CLONE_NEWNS;
	if(f & K_CLONE_NEWPID) r |= TC_F_clone_flags_CLONE_NEWPID;
	if(f & K_CLONE_NEWUTS) r |= TC_F_clone_flags_CLONE_NEWUTS;
	if(f & K_CLONE_PARENT) r |= TC_F_clone_flags_CLONE_PARENT;
	if(f & K_CLONE_PARENT_SETTID) r |= TC_F_clone_flags_CLONE_PARENT_SETTID;
	if(f & K_CLONE_PTRACE) r |= TC_F_clone_flags_CLONE_PTRACE;
	if(f & K_CLONE_SIGHAND) r |= TC_F_clone_flags_CLONE_SIGHAND;
	if(f & K_CLONE_SYSVSEM) r |= TC_F_clone_flags_CLONE_SYSVSEM;
	if(f & K_CLONE_THREAD) r |= TC_F_clone_flags_CLONE_THREAD;
	if(f & K_CLONE_UNTRACED) r |= TC_F_clone_flags_CLONE_UNTRACED;
	if(f & K_CLONE_VM) r |= TC_F_clone_flags_CLONE_VM;
	if(f & K_CLONE_NEWUSER) r |= TC_F_clone_flags_CLONE_NEWUSER;
	if(f & K_CLONE_CHILD_CLEARTID) r |= TC_F_clone_flags_CLONE_CHILD_CLEARTID;
	if(f & K_CLONE_CHILD_SETTID) r |= TC_F_clone_flags_CLONE_CHILD_SETTID;
	if(f & K_CLONE_SETTLS) r |= TC_F_clone_flags_CLONE_SETTLS;
	if(f & K_CLONE_VFORK) r |= TC_F_clone_flags_CLONE_VFORK;
	if(f & K_CLONE_NEWCGROUP) r |= TC_F_clone_flags_CLONE_NEWCGROUP;
	return r;
}

/* Socket families: the scap values match Linux for the ones the tuple code decodes. */
#define K_AF_UNIX 1
#define K_AF_INET 2
#define K_AF_INET6 10

#define K_SOCK_NONBLOCK 04000
#define K_SOCK_CLOEXEC 02000000

/* ptrace requests: x86_64 uapi numbers -> the scap values of the ptrace_requests table */
static __always_inline __u16 tc_ptrace_request(unsigned long req) {
	switch(req) {
	case 0: return TC_F_ptrace_requests_PTRACE_TRACEME;
	case 1: return TC_F_ptrace_requests_PTRACE_PEEKTEXT;
	case 2: return TC_F_ptrace_requests_PTRACE_PEEKDATA;
	case 3: return TC_F_ptrace_requests_PTRACE_PEEKUSR;
	case 4: return TC_F_ptrace_requests_PTRACE_POKETEXT;
	case 5: return TC_F_ptrace_requests_PTRACE_POKEDATA;
	case 6: return TC_F_ptrace_requests_PTRACE_POKEUSR;
	case 7: return TC_F_ptrace_requests_PTRACE_CONT;
	case 8: return TC_F_ptrace_requests_PTRACE_KILL;
	case 9: return TC_F_ptrace_requests_PTRACE_SINGLESTEP;
	case 12: return TC_F_ptrace_requests_PTRACE_GETREGS;
	case 13: return TC_F_ptrace_requests_PTRACE_SETREGS;
	case 14: return TC_F_ptrace_requests_PTRACE_GETFPREGS;
	case 15: return TC_F_ptrace_requests_PTRACE_SETFPREGS;
	case 16: return TC_F_ptrace_requests_PTRACE_ATTACH;
	case 17: return TC_F_ptrace_requests_PTRACE_DETACH;
	case 18: return TC_F_ptrace_requests_PTRACE_GETFPXREGS;
	case 19: return TC_F_ptrace_requests_PTRACE_SETFPXREGS;
	case 21: return TC_F_ptrace_requests_PTRACE_OLDSETOPTIONS;
	case 24: return TC_F_ptrace_requests_PTRACE_SYSCALL;
	case 25: return TC_F_ptrace_requests_PTRACE_GET_THREAD_AREA;
	case 26: return TC_F_ptrace_requests_PTRACE_SET_THREAD_AREA;
	case 30: return TC_F_ptrace_requests_PTRACE_ARCH_PRCTL;
	case 31: return TC_F_ptrace_requests_PTRACE_SYSEMU;
	case 32: return TC_F_ptrace_requests_PTRACE_SYSEMU_SINGLESTEP;
	case 33: return TC_F_ptrace_requests_PTRACE_SINGLEBLOCK;
	case 0x4200: return TC_F_ptrace_requests_PTRACE_SETOPTIONS;
	case 0x4201: return TC_F_ptrace_requests_PTRACE_GETEVENTMSG;
	case 0x4202: return TC_F_ptrace_requests_PTRACE_GETSIGINFO;
	case 0x4203: return TC_F_ptrace_requests_PTRACE_SETSIGINFO;
	case 0x4204: return TC_F_ptrace_requests_PTRACE_GETREGSET;
	case 0x4205: return TC_F_ptrace_requests_PTRACE_SETREGSET;
	case 0x4206: return TC_F_ptrace_requests_PTRACE_SEIZE;
	case 0x4207: return TC_F_ptrace_requests_PTRACE_INTERRUPT;
	case 0x4208: return TC_F_ptrace_requests_PTRACE_LISTEN;
	case 0x4209: return TC_F_ptrace_requests_PTRACE_PEEKSIGINFO;
	case 0x420a: return TC_F_ptrace_requests_PTRACE_GETSIGMASK;
	case 0x420b: return TC_F_ptrace_requests_PTRACE_SETSIGMASK;
	}
	return TC_F_ptrace_requests_PTRACE_UNKNOWN;
}

#endif
