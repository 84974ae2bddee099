/* Benchmark baseline loader: loads and attaches empty.bpf.c, prints "ready PID" on stdout,
 * and keeps the programs attached until stdin closes or SIGINT/SIGTERM arrives. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "empty.skel.h"

static void on_signal(int sig) {
	(void)sig;
}

int main(void) {
	struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
	setrlimit(RLIMIT_MEMLOCK, &rl);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: the read below returns */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct empty_bpf *skel = empty_bpf__open_and_load();
	if(!skel) {
		fprintf(stderr, "empty-probe: cannot load the BPF object\n");
		return 4;
	}
	if(empty_bpf__attach(skel)) {
		fprintf(stderr, "empty-probe: cannot attach the BPF programs\n");
		empty_bpf__destroy(skel);
		return 4;
	}
	printf("ready %d\n", getpid());
	fflush(stdout);
	char buf[64];
	while(read(STDIN_FILENO, buf, sizeof(buf)) > 0) {
	}
	empty_bpf__destroy(skel);
	return 0;
}
