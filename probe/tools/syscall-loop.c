/* Benchmark helper (bench/live-probe-bench.mjs, bench/alert-latency-bench.mjs): runs
 * syscall loops and reports what they cost, as one JSON line on stdout.
 *   syscall-loop getpid N                 N raw getpid calls (a syscall no rule needs)
 *   syscall-loop openclose N PATH         N openat+close pairs, in batches of 128 opens then
 *                                         their 128 closes, openat and close timed apart
 *   syscall-loop opens N PATH             N openat of PATH, closed 128 at a time by one
 *                                         close_range (not a captured syscall): isolates
 *                                         openat in eBPF statistics
 *   syscall-loop storm N PATH EV_S K      N openat+close pairs split over K forked workers,
 *                                         paced to EV_S events/s in all (0: flat out)
 *   syscall-loop marker N PREFIX GAP_US   N openat+close of PREFIX<i>, GAP_US apart; before
 *                                         each openat prints "i mono_ns real_ns"
 * Times are CLOCK_MONOTONIC (wall) and CLOCK_THREAD_CPUTIME_ID (this thread's CPU time,
 * kernel time included: eBPF programs on syscall tracepoints run in the caller's context,
 * and other work on the machine does not inflate it). Raw syscall() calls keep libc's own
 * caching (getpid) and wrappers out of the figures. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 128

static long long clock_ns(clockid_t c) {
	struct timespec ts;
	clock_gettime(c, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die_usage(void) {
	fprintf(stderr, "usage: syscall-loop getpid N | openclose N PATH | opens N PATH | storm N PATH EV_S K | marker N PREFIX GAP_US\n");
	exit(2);
}

static void loop_getpid(long n) {
	long long w0 = clock_ns(CLOCK_MONOTONIC), c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	for(long i = 0; i < n; i++) {
		syscall(SYS_getpid);
	}
	long long c1 = clock_ns(CLOCK_THREAD_CPUTIME_ID), w1 = clock_ns(CLOCK_MONOTONIC);
	printf("{\"mode\":\"getpid\",\"n\":%ld,\"wall_ns\":%.2f,\"cpu_ns\":%.2f}\n", n, (double)(w1 - w0) / n,
	       (double)(c1 - c0) / n);
}

static void loop_openclose(long n, const char *path) {
	long fds[BATCH];
	long long open_w = 0, open_c = 0, close_w = 0, close_c = 0;
	long failed = 0;
	for(long done = 0; done < n; done += BATCH) {
		long b = n - done < BATCH ? n - done : BATCH;
		long long w0 = clock_ns(CLOCK_MONOTONIC), c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
		for(long i = 0; i < b; i++) {
			fds[i] = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CREAT, 0600);
		}
		long long c1 = clock_ns(CLOCK_THREAD_CPUTIME_ID), w1 = clock_ns(CLOCK_MONOTONIC);
		for(long i = 0; i < b; i++) {
			if(fds[i] >= 0) {
				syscall(SYS_close, fds[i]);
			} else {
				failed++;
			}
		}
		long long c2 = clock_ns(CLOCK_THREAD_CPUTIME_ID), w2 = clock_ns(CLOCK_MONOTONIC);
		open_w += w1 - w0;
		open_c += c1 - c0;
		close_w += w2 - w1;
		close_c += c2 - c1;
	}
	printf("{\"mode\":\"openclose\",\"n\":%ld,\"failed\":%ld,\"open_wall_ns\":%.2f,\"open_cpu_ns\":%.2f,"
	       "\"close_wall_ns\":%.2f,\"close_cpu_ns\":%.2f}\n",
	       n, failed, (double)open_w / n, (double)open_c / n, (double)close_w / n, (double)close_c / n);
}

static void loop_opens(long n, const char *path) {
	long long w0 = clock_ns(CLOCK_MONOTONIC);
	for(long done = 0; done < n; done += BATCH) {
		long b = n - done < BATCH ? n - done : BATCH;
		long first = -1, last = -1;
		for(long i = 0; i < b; i++) {
			long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CREAT, 0600);
			if(fd >= 0) {
				first = first < 0 || fd < first ? fd : first;
				last = fd > last ? fd : last;
			}
		}
		if(first >= 0) {
			syscall(436 /* close_range */, (unsigned)first, (unsigned)last, 0);
		}
	}
	long long w1 = clock_ns(CLOCK_MONOTONIC);
	printf("{\"mode\":\"opens\",\"n\":%ld,\"wall_ns\":%.2f}\n", n, (double)(w1 - w0) / n);
}

/* One storm worker: `n` pairs at `pairs_s` pairs/s (0: flat out), checking the schedule
 * every 64 pairs and sleeping when ahead of it. */
static void storm_worker(long n, const char *path, double pairs_s) {
	long long start = clock_ns(CLOCK_MONOTONIC);
	for(long i = 0; i < n; i++) {
		if(pairs_s > 0 && (i & 63) == 0) {
			long long due = start + (long long)(i / pairs_s * 1e9);
			long long now = clock_ns(CLOCK_MONOTONIC);
			if(due > now) {
				struct timespec ts = {(due - now) / 1000000000LL, (due - now) % 1000000000LL};
				nanosleep(&ts, NULL);
			}
		}
		long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CREAT, 0600);
		if(fd >= 0) {
			syscall(SYS_close, fd);
		}
	}
}

static void loop_storm(long n, const char *path, double ev_s, int k) {
	long long t0 = clock_ns(CLOCK_MONOTONIC);
	for(int w = 0; w < k; w++) {
		long share = n / k + (w < n % k ? 1 : 0);
		pid_t pid = fork();
		if(pid < 0) {
			perror("fork");
			exit(1);
		}
		if(pid == 0) {
			storm_worker(share, path, ev_s / 2.0 / k);
			_exit(0);
		}
	}
	int status, bad = 0;
	while(wait(&status) > 0) {
		if(!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			bad++;
		}
	}
	long long t1 = clock_ns(CLOCK_MONOTONIC);
	printf("{\"mode\":\"storm\",\"pairs\":%ld,\"events\":%ld,\"workers\":%d,\"failed_workers\":%d,\"elapsed_ns\":%lld,"
	       "\"events_per_s\":%.0f}\n",
	       n, 2 * n, k, bad, t1 - t0, 2.0 * n / ((t1 - t0) / 1e9));
}

static void loop_marker(long n, const char *prefix, long gap_us) {
	char path[4096];
	for(long i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s%ld", prefix, i);
		long long mono = clock_ns(CLOCK_MONOTONIC), real = clock_ns(CLOCK_REALTIME);
		long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CREAT, 0600);
		if(fd >= 0) {
			syscall(SYS_close, fd);
		}
		/* printed after the call so that the write is not between the clock and the syscall */
		printf("%ld %lld %lld\n", i, mono, real);
		fflush(stdout);
		struct timespec ts = {gap_us / 1000000, (gap_us % 1000000) * 1000};
		nanosleep(&ts, NULL);
	}
	printf("done %ld\n", n);
	fflush(stdout);
}

int main(int argc, char **argv) {
	if(argc < 3) {
		die_usage();
	}
	long n = atol(argv[2]);
	if(n <= 0) {
		die_usage();
	}
	if(strcmp(argv[1], "getpid") == 0) {
		loop_getpid(n);
	} else if(strcmp(argv[1], "openclose") == 0 && argc == 4) {
		loop_openclose(n, argv[3]);
	} else if(strcmp(argv[1], "opens") == 0 && argc == 4) {
		loop_opens(n, argv[3]);
	} else if(strcmp(argv[1], "storm") == 0 && argc == 6) {
		loop_storm(n, argv[3], atof(argv[4]), atoi(argv[5]) > 0 ? atoi(argv[5]) : 1);
	} else if(strcmp(argv[1], "marker") == 0 && argc == 5) {
		loop_marker(n, argv[3], atol(argv[4]));
	} else {
		die_usage();
	}
	return 0;
}
