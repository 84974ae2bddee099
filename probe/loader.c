/* tercel-probe: loads the kernel probe, sets the traced syscalls, and streams events.
 *
 * stdout: one handshake line of JSON ending in '\n', then scap events back to back (each
 *         carries its own length in its header, so no extra framing is needed).
 * stderr: one JSON line of counters a second ({"type":"stats",...}), and diagnostics as
 *         {"type":"error","message":...} lines.
 * Exits on SIGINT/SIGTERM, or when the reader of stdout goes away (EPIPE / POLLERR). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tercel-shared.h"
#include "gen/event_schema.h"
#include "handler-list.h"
#include "tercel.skel.h"

#define OUT_BUF_SIZE (1 << 20)

static volatile sig_atomic_t stop;
static unsigned char *out_buf;
static size_t out_len;
static unsigned long long out_records, out_bytes;
static int out_broken;

static void on_signal(int sig) {
	(void)sig;
	stop = 1;
}

static void report_error(const char *fmt, ...) {
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "{\"type\":\"error\",\"message\":\"");
	for(const char *p = msg; *p; p++) {
		if(*p == '"' || *p == '\\') {
			fputc('\\', stderr);
		}
		fputc(*p == '\n' ? ' ' : *p, stderr);
	}
	fprintf(stderr, "\"}\n");
	fflush(stderr);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap) {
	if(level == LIBBPF_DEBUG) {
		return 0;
	}
	return vfprintf(stderr, fmt, ap);
}

static int write_all(const void *buf, size_t len) {
	const unsigned char *p = buf;
	while(len > 0) {
		ssize_t n = write(STDOUT_FILENO, p, len);
		if(n < 0) {
			if(errno == EINTR) {
				continue;
			}
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static void flush_out(void) {
	if(out_len == 0 || out_broken) {
		out_len = 0;
		return;
	}
	if(write_all(out_buf, out_len)) {
		out_broken = 1;
		stop = 1;
	}
	out_len = 0;
}

static int on_event(void *ctx, void *data, size_t size) {
	(void)ctx;
	if(out_len + size > OUT_BUF_SIZE) {
		flush_out();
	}
	if(size > OUT_BUF_SIZE) {
		return 0;
	}
	memcpy(out_buf + out_len, data, size);
	out_len += size;
	out_records++;
	out_bytes += size;
	return 0;
}

static unsigned long long now_ns(clockid_t c) {
	struct timespec ts;
	clock_gettime(c, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void print_stats(struct tercel_bpf *skel, int ncpus, int final) {
	struct tc_counters per[ncpus];
	struct tc_counters sum = {0};
	__u32 zero = 0;
	if(bpf_map_lookup_elem(bpf_map__fd(skel->maps.counters), &zero, per) == 0) {
		for(int i = 0; i < ncpus; i++) {
			sum.events += per[i].events;
			sum.drops += per[i].drops;
			sum.errors += per[i].errors;
			sum.wakeups += per[i].wakeups;
		}
	}
	fprintf(stderr,
	        "{\"type\":\"stats\",\"final\":%s,\"events\":%llu,\"drops\":%llu,\"errors\":%llu,"
	        "\"wakeups\":%llu,\"records\":%llu,\"bytes\":%llu}\n",
	        final ? "true" : "false", sum.events, sum.drops, sum.errors, sum.wakeups, out_records,
	        out_bytes);
	fflush(stderr);
}

static int parse_syscalls(const char *list, unsigned char *on) {
	char *copy = strdup(list), *save = NULL;
	int count = 0;
	for(char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if(strcmp(tok, "procexit") == 0) {
			on[TC_SLOT_PROCEXIT] = 1;
			count++;
			continue;
		}
		char *end;
		long nr = strtol(tok, &end, 10);
		if(*end || nr < 0 || nr >= TC_MAX_SYSCALLS) {
			report_error("--syscalls: '%s' is not a syscall number in 0..%d", tok, TC_MAX_SYSCALLS - 1);
			free(copy);
			return -1;
		}
		on[nr] = 1;
		count++;
	}
	free(copy);
	return count;
}

static void enlarge_pipe(void) {
	struct stat st;
	if(fstat(STDOUT_FILENO, &st) || !S_ISFIFO(st.st_mode)) {
		return;
	}
	/* as large as allowed: pipe-max-size caps it without CAP_SYS_RESOURCE */
	int sizes[] = {16 << 20, 8 << 20, 4 << 20, 1 << 20};
	for(unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if(fcntl(STDOUT_FILENO, F_SETPIPE_SZ, sizes[i]) >= 0) {
			return;
		}
	}
}

static const char usage[] =
        "usage: tercel-probe [--syscalls N,N,...] [--snaplen BYTES] [--ringbuf-mb MB]\n"
        "                    [--wakeup-kb KB] [--poll-ms MS] [--tgid PID] [--version]\n"
        "  --syscalls   x86_64 syscall numbers to trace, and `procexit` for thread exits\n"
        "               (default: all with a dedicated event, and procexit)\n"
        "  --snaplen    bytes kept from data buffers (default 80)\n"
        "  --ringbuf-mb ring buffer size, a power of two (default 16)\n"
        "  --wakeup-kb  wake the reader once this much is pending (default 1024)\n"
        "  --poll-ms    read a quieter stream at least this often (default 5)\n"
        "  --tgid       trace only this process (tests)\n";

/* Writes the subset into the sys_exit program: each ld_imm64 placeholder TC_SUBSET_MAGIC + i
 * becomes word i of the subset bitmap (tercel-shared.h says why). Every placeholder must be
 * found, each once, or the probe would trace the wrong syscalls: that is an error. */
static int patch_subset(struct bpf_program *prog, const unsigned char *on) {
	unsigned long long words[TC_SUBSET_WORDS] = {0};
	for(unsigned nr = 0; nr < TC_MAX_SYSCALLS; nr++) {
		if(on[nr]) {
			words[nr / 64] |= 1ULL << (nr % 64);
		}
	}
	size_t n = bpf_program__insn_cnt(prog);
	struct bpf_insn *insns = malloc(n * sizeof(*insns));
	if(!insns) {
		return -ENOMEM;
	}
	memcpy(insns, bpf_program__insns(prog), n * sizeof(*insns));
	int seen[TC_SUBSET_WORDS] = {0};
	for(size_t i = 0; i + 1 < n; i++) {
		if(insns[i].code != (BPF_LD | BPF_DW | BPF_IMM)) {
			continue;
		}
		unsigned long long v = (unsigned long long)(__u32)insns[i].imm | ((unsigned long long)(__u32)insns[i + 1].imm << 32);
		unsigned long long idx = v - TC_SUBSET_MAGIC;
		if(insns[i].src_reg == 0 && idx < TC_SUBSET_WORDS) {
			insns[i].imm = (__s32)(__u32)words[idx];
			insns[i + 1].imm = (__s32)(__u32)(words[idx] >> 32);
			seen[idx]++;
		}
		i++; /* the second half of the 16-byte instruction */
	}
	for(int w = 0; w < TC_SUBSET_WORDS; w++) {
		if(seen[w] != 1) {
			free(insns);
			report_error("the sys_exit program has %d placeholder(s) for subset word %d, expected 1 (probe and loader built from different sources?)", seen[w], w);
			return -EINVAL;
		}
	}
	int err = bpf_program__set_insns(prog, insns, n);
	free(insns);
	return err;
}

int main(int argc, char **argv) {
	static struct option opts[] = {
	        {"syscalls", required_argument, 0, 's'}, {"snaplen", required_argument, 0, 'n'},
	        {"ringbuf-mb", required_argument, 0, 'r'}, {"wakeup-kb", required_argument, 0, 'w'},
	        {"poll-ms", required_argument, 0, 'p'}, {"tgid", required_argument, 0, 't'}, {"version", no_argument, 0, 'V'},
	        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	unsigned char on[TC_MAX_SYSCALLS] = {0};
	int have_list = 0;
	unsigned snaplen = 80, ring_mb = 16, wakeup_kb = 1024, tgid = 0, poll_ms = 5;
	int c;
	while((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch(c) {
		case 's':
			if(parse_syscalls(optarg, on) < 0) {
				return 2;
			}
			have_list = 1;
			break;
		case 'n': snaplen = strtoul(optarg, NULL, 10); break;
		case 'r': ring_mb = strtoul(optarg, NULL, 10); break;
		case 'w': wakeup_kb = strtoul(optarg, NULL, 10); break;
		case 'p': poll_ms = strtoul(optarg, NULL, 10); break;
		case 't': tgid = strtoul(optarg, NULL, 10); break;
		case 'V':
			printf("tercel-probe %s schema %s\n", TC_PROBE_VERSION, TC_SCHEMA_HASH);
			return 0;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if(ring_mb == 0 || (ring_mb & (ring_mb - 1))) {
		report_error("--ringbuf-mb must be a power of two, got %u", ring_mb);
		return 2;
	}
	if(snaplen > TC_HALF / 2) {
		snaplen = TC_HALF / 2;
	}
	if(geteuid() != 0) {
		report_error("tercel-probe must run as root (it loads eBPF programs)");
		return 3;
	}
	if(access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		report_error("this kernel exposes no BTF (/sys/kernel/btf/vmlinux): the CO-RE probe cannot load");
		return 3;
	}

	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	libbpf_set_print(libbpf_log);
	struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
	setrlimit(RLIMIT_MEMLOCK, &rl);

	int ncpus = libbpf_num_possible_cpus();
	struct tercel_bpf *skel = tercel_bpf__open();
	if(!skel) {
		report_error("cannot open the BPF object: %s", strerror(errno));
		return 4;
	}
	skel->rodata->tc_boot_to_epoch_ns = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_BOOTTIME);
	skel->rodata->tc_snaplen = snaplen;
	skel->rodata->tc_wakeup_bytes = wakeup_kb * 1024;
	skel->rodata->tc_filter_tgid = tgid;
	skel->rodata->tc_self_tgid = getpid();
	bpf_map__set_max_entries(skel->maps.scratch, ncpus);
	bpf_map__set_max_entries(skel->maps.events, ring_mb << 20);

	/* handlers run only through the tail-call table, never attached on their own */
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);
		if(strncmp(name, "tc_", 3) != 0) {
			bpf_program__set_autoattach(prog, false);
		}
	}
	/* the subset: the --syscalls list, or every syscall with a dedicated handler */
	if(!have_list) {
#define TC_MARK(nr, fn) on[nr] = 1;
		TC_HANDLERS(TC_MARK)
#undef TC_MARK
		on[TC_SLOT_PROCEXIT] = 1;
	}
	if(patch_subset(skel->progs.tc_sys_exit, on)) {
		tercel_bpf__destroy(skel);
		return 4;
	}
	int err = tercel_bpf__load(skel);
	if(err) {
		report_error("cannot load the BPF programs: %s", strerror(-err));
		tercel_bpf__destroy(skel);
		return 4;
	}
	/* the same subset for the exec and exit programs, which read it from the map */
	int interesting_fd = bpf_map__fd(skel->maps.interesting);
	int traced = 0;
	for(__u32 nr = 0; nr < TC_MAX_SYSCALLS; nr++) {
		__u8 v = on[nr];
		if(v) {
			traced++;
		}
		bpf_map_update_elem(interesting_fd, &nr, &v, BPF_ANY);
	}
	err = tercel_bpf__attach(skel);
	if(err) {
		report_error("cannot attach the BPF programs: %s", strerror(-err));
		tercel_bpf__destroy(skel);
		return 4;
	}
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
	if(!rb) {
		report_error("cannot open the ring buffer: %s", strerror(errno));
		tercel_bpf__destroy(skel);
		return 4;
	}
	out_buf = malloc(OUT_BUF_SIZE);
	enlarge_pipe();

	char hello[512];
	int n = snprintf(hello, sizeof(hello),
	                 "{\"probe\":\"tercel-probe\",\"version\":\"%s\",\"schema\":\"%s\",\"event_max\":%d,"
	                 "\"ncpus\":%d,\"syscalls\":%d,\"snaplen\":%u,\"ringbuf_mb\":%u,\"pid\":%d}\n",
	                 TC_PROBE_VERSION, TC_SCHEMA_HASH, TC_EVENT_MAX, ncpus, traced, snaplen, ring_mb,
	                 getpid());
	if(write_all(hello, n)) {
		stop = 1;
	}

	unsigned long long next_stats = now_ns(CLOCK_MONOTONIC) + 1000000000ULL;
	while(!stop) {
		/* Events are submitted without wake-ups below the backlog threshold (a wake-up per
		 * event would cost every captured syscall an irq_work), so this timeout bounds the
		 * latency of a quiet stream: 5 ms is 200 empty polls a second, a few µs each. */
		int r = ring_buffer__poll(rb, (int)poll_ms);
		if(r == 0) {
			r = ring_buffer__consume(rb);
		}
		if(r < 0 && r != -EINTR) {
			report_error("ring buffer poll failed: %s", strerror(-r));
			break;
		}
		flush_out();
		unsigned long long now = now_ns(CLOCK_MONOTONIC);
		if(now >= next_stats) {
			next_stats = now + 1000000000ULL;
			print_stats(skel, ncpus, 0);
			struct pollfd pfd = {.fd = STDOUT_FILENO, .events = 0};
			if(poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLERR | POLLHUP))) {
				break; /* the reader is gone */
			}
		}
	}
	/* stop producing, then hand over what is already in the ring */
	tercel_bpf__detach(skel);
	if(!out_broken) {
		ring_buffer__consume(rb);
		flush_out();
	}
	print_stats(skel, ncpus, 1);
	ring_buffer__free(rb);
	tercel_bpf__destroy(skel);
	free(out_buf);
	return 0;
}
