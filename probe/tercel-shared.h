/* Layouts shared by the kernel probe and its loader: counters and limits.
 * Kept tiny and dependency-free so both sides (BPF and user space) include it. */
#ifndef TERCEL_SHARED_H
#define TERCEL_SHARED_H

#define TC_PROBE_VERSION "0.1.0"
/* Native syscall numbers the subset map and the tail-call table cover. */
#define TC_MAX_SYSCALLS 512
/* Slot of the subset map that switches procexit events on (no syscall has this number). */
#define TC_SLOT_PROCEXIT 511
/* The sys_exit program tests the syscall subset without touching memory: the subset is
 * eight 64-bit words loaded as immediates (ld_imm64) that the loader patches into the
 * program's instructions before loading it. A map read there costs a syscall outside the
 * subset ~20 ns more on kernels with page-table isolation (a TLB miss on every call). The
 * placeholders are TC_SUBSET_MAGIC + word index; the BPF side spells them out literally. */
#define TC_SUBSET_MAGIC 0x7ce5e1ec7ab1e000ULL
#define TC_SUBSET_WORDS (TC_MAX_SYSCALLS / 64)
/* Per-CPU scratch where one event is assembled before it is copied to the ring.
 * Offsets are masked with TC_HALF-1 and no single write exceeds TC_HALF, which is
 * how the verifier is convinced every store stays inside the buffer. */
#define TC_SCRATCH_SIZE (1 << 16)
#define TC_HALF (1 << 15)
/* scap header: ts u64, tid u64, len u32, type u16, nparams u32 (packed). */
#define TC_HDR_SIZE 26
#define TC_MAX_PARAMS 32

/* Per-CPU counters; the loader sums them and prints one JSON line a second. */
struct tc_counters {
	unsigned long long events;   /* events written to the ring buffer */
	unsigned long long drops;    /* ring buffer full: event lost */
	unsigned long long errors;   /* event could not be assembled (bad param count, scratch) */
	unsigned long long wakeups;  /* forced consumer wake-ups */
};

#endif
