/* Assembles one scap-encoded event in the per-CPU scratch buffer and copies it to the
 * ring buffer. Layout (as in libs' ppm_evt_hdr, packed): ts u64, tid u64, len u32,
 * type u16, nparams u32, then nparams u16 lengths, then the parameter bytes. The
 * syscall events this probe emits never use the large-payload (u32 length) form. */
#ifndef TERCEL_EVENT_WRITER_BPF_H
#define TERCEL_EVENT_WRITER_BPF_H

#define TC_MASK (TC_HALF - 1)
#define TC_MAX_PATH 4096
#define TC_MAX_ARG_ENV 4096

/* The scratch buffer also holds the writer's cursor. Keeping it in map memory rather
 * than on the stack is deliberate: the verifier then sees every load of it as an
 * unknown scalar that the mask bounds, so paths with different string lengths merge
 * instead of multiplying (and the cursor survives tail calls between stages). */
struct tc_scratch {
	__u8 d[TC_SCRATCH_SIZE];
	__u64 pos;    /* next byte */
	__u64 pstart; /* start of the parameter being written */
	__u32 n;      /* parameters written */
	__u32 np;     /* parameters the schema says this event has */
	__u32 kind;   /* which event a multi-stage build is making */
	__u32 walk_n; /* path components collected by a walk (see task-info.bpf.h) */
	__u64 walk[16];
};
#define tc_ev tc_scratch

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* the loader sets it to the number of possible CPUs */
	__type(key, __u32);
	__type(value, struct tc_scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* the loader may resize it (--ringbuf-mb) */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tc_counters);
} counters SEC(".maps");

/* Set by the loader before load. */
const volatile __u64 tc_boot_to_epoch_ns = 0; /* realtime - boottime at start */
const volatile __u32 tc_snaplen = 80;         /* bytes kept of data buffers */
const volatile __u32 tc_wakeup_bytes = 1 << 20; /* force a wake-up past this backlog */
const volatile __u32 tc_filter_tgid = 0;      /* if set, only this process is traced */
const volatile __u32 tc_self_tgid = 0;        /* the loader itself is never traced */

static __always_inline struct tc_counters *tc_counters_get(void) {
	__u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

static __always_inline struct tc_ev *ev_scratch(void) {
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch, &cpu);
}

static __always_inline struct tc_ev *ev_begin(__u16 type, __u32 nparams) {
	struct tc_ev *e = ev_scratch();
	if(!e) {
		return NULL;
	}
	e->n = 0;
	e->np = nparams;
	e->pos = TC_HDR_SIZE + 2 * (nparams & (TC_MAX_PARAMS - 1));
	e->pstart = e->pos;
	*(__u64 *)&e->d[0] = bpf_ktime_get_boot_ns() + tc_boot_to_epoch_ns;
	*(__u64 *)&e->d[8] = (__u32)bpf_get_current_pid_tgid();
	*(__u16 *)&e->d[20] = type;
	*(__u32 *)&e->d[22] = nparams;
	return e;
}

static __always_inline void ev_save(struct tc_ev *e, __u32 kind) {
	e->kind = kind;
}

/* Ends the parameter being written: records its length. */
static __always_inline void ev_close(struct tc_ev *e) {
	__u32 i = e->n & (TC_MAX_PARAMS - 1);
	*(__u16 *)&e->d[TC_HDR_SIZE + 2 * i] = (__u16)(e->pos - e->pstart);
	e->n++;
	e->pstart = e->pos;
}

/* Raw bytes appended to the parameter being built. */
#define EV_RAW(fn, type)                                           \
	static __always_inline void fn(struct tc_ev *e, type v) {      \
		*(type *)&e->d[e->pos & TC_MASK] = v;                      \
		e->pos += sizeof(type);                                    \
	}
EV_RAW(ev_raw_u8, __u8)
EV_RAW(ev_raw_u16, __u16)
EV_RAW(ev_raw_u32, __u32)
EV_RAW(ev_raw_u64, __u64)

/* Whole scalar parameters. */
#define EV_PUT_SCALAR(fn, raw, type)                               \
	static __always_inline void fn(struct tc_ev *e, type v) {      \
		raw(e, v);                                                 \
		ev_close(e);                                               \
	}
EV_PUT_SCALAR(ev_u8, ev_raw_u8, __u8)
EV_PUT_SCALAR(ev_u16, ev_raw_u16, __u16)
EV_PUT_SCALAR(ev_u32, ev_raw_u32, __u32)
EV_PUT_SCALAR(ev_u64, ev_raw_u64, __u64)
EV_PUT_SCALAR(ev_s64, ev_raw_u64, __u64)

static __always_inline void ev_empty(struct tc_ev *e) {
	ev_close(e);
}

/* A NUL-terminated string appended at the cursor; returns bytes written (with the NUL). */
static __always_inline long ev_raw_str(struct tc_ev *e, const void *src, int user) {
	__u8 *dst = &e->d[e->pos & TC_MASK];
	long r = user ? bpf_probe_read_user_str(dst, TC_MAX_PATH, src)
	              : bpf_probe_read_kernel_str(dst, TC_MAX_PATH, src);
	if(r < 0) {
		r = 0;
	}
	e->pos += r;
	return r;
}

/* A string parameter (PT_CHARBUF / PT_FSPATH / PT_FSRELPATH); empty when unreadable. */
static __always_inline long ev_str(struct tc_ev *e, const void *src, int user) {
	long r = 0;
	if(src) {
		r = ev_raw_str(e, src, user);
	}
	ev_close(e);
	return r;
}

/* A byte-buffer parameter of at most `max` bytes (max <= TC_HALF). */
static __always_inline long ev_bytes(struct tc_ev *e, const void *src, __u64 len, __u64 max, int user) {
	__u64 n = len;
	if(n > max) {
		n = max;
	}
	barrier_var(n);
	n &= TC_MASK;
	if(!src || n == 0) {
		ev_close(e);
		return 0;
	}
	__u8 *dst = &e->d[e->pos & TC_MASK];
	long r = user ? bpf_probe_read_user(dst, n, src) : bpf_probe_read_kernel(dst, n, src);
	if(r) {
		n = 0;
	}
	e->pos += n;
	ev_close(e);
	return n;
}

/* Copy the assembled event to the ring buffer; wake the reader only when the backlog
 * passes tc_wakeup_bytes (the reader also polls on a short timeout). */
static __always_inline void ev_submit(struct tc_ev *e) {
	struct tc_counters *c = tc_counters_get();
	if(!c) {
		return;
	}
	if(e->n != e->np) {
		/* the handler and the schema disagree: never send a malformed event */
		c->errors++;
		return;
	}
	__u64 len = e->pos;
	if(len > TC_HALF) {
		c->errors++;
		return;
	}
	*(__u32 *)&e->d[16] = (__u32)len;
	barrier_var(len);
	len &= TC_MASK;
	if(len < TC_HDR_SIZE) {
		c->errors++;
		return;
	}
	__u64 flags = BPF_RB_NO_WAKEUP;
	if(bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= tc_wakeup_bytes) {
		flags = BPF_RB_FORCE_WAKEUP;
		c->wakeups++;
	}
	if(bpf_ringbuf_output(&events, e->d, len, flags)) {
		c->drops++;
	} else {
		c->events++;
	}
}

#endif
