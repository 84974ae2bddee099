/* Test helper: after a line on stdin, makes exactly N openat+close pairs on PATH with raw
 * syscalls (no libc extras), then prints how many of each succeeded. Lets a test compare
 * the probe's event and drop counts with the syscalls actually made. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if(argc < 3) {
		fprintf(stderr, "usage: tercel-storm N PATH\n");
		return 2;
	}
	long n = atol(argv[1]);
	const char *path = argv[2];
	char line[64];
	printf("ready %d\n", getpid());
	fflush(stdout);
	if(!fgets(line, sizeof(line), stdin)) {
		return 1;
	}
	long opens = 0, closes = 0;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for(long i = 0; i < n; i++) {
		long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CREAT, 0600);
		opens++;
		if(fd >= 0) {
			syscall(SYS_close, fd);
			closes++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	printf("done %ld %ld %lld\n", opens, closes, ns);
	fflush(stdout);
	return 0;
}
