/* Symbolic constants the test cases may name (open flags, namespaces, mount flags, socket
 * families and types, ptrace requests, bpf commands), resolved with the C headers so the
 * values are the ones of the machine the helper is built on. */
#define _GNU_SOURCE
#include "actor.h"
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/userfaultfd.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif

struct name { const char *n; long v; };

#define N(x) { #x, (long)(x) }
static const struct name NAMES[] = {
  N(O_RDONLY), N(O_WRONLY), N(O_RDWR), N(O_CREAT), N(O_TRUNC), N(O_APPEND), N(O_EXCL),
  N(O_CLOEXEC), N(O_NONBLOCK), N(O_DIRECTORY), N(O_NOFOLLOW), N(O_PATH), N(O_TMPFILE),
  N(CLONE_NEWUSER), N(CLONE_NEWNS), N(CLONE_NEWNET), N(CLONE_NEWPID), N(CLONE_NEWUTS),
  N(CLONE_NEWIPC), N(CLONE_NEWCGROUP), N(CLONE_NEWTIME), N(CLONE_FS), N(CLONE_FILES),
  N(MS_BIND), N(MS_RDONLY), N(MS_REC), N(MS_REMOUNT), N(MS_NOSUID), N(MS_NODEV),
  N(MS_NOEXEC), N(MS_PRIVATE), N(MS_SHARED), N(MS_SLAVE), N(MS_MOVE),
  N(AF_INET), N(AF_INET6), N(AF_PACKET), N(AF_UNIX), N(AF_NETLINK),
  N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_SEQPACKET), N(SOCK_NONBLOCK), N(SOCK_CLOEXEC),
  N(PTRACE_ATTACH), N(PTRACE_SEIZE), N(PTRACE_POKEDATA), N(PTRACE_POKETEXT),
  N(PTRACE_POKEUSER), N(PTRACE_SETREGS), N(PTRACE_TRACEME),
  N(BPF_PROG_LOAD), N(BPF_MAP_CREATE),
  N(BPF_PROG_TYPE_SOCKET_FILTER), N(BPF_PROG_TYPE_KPROBE), N(BPF_PROG_TYPE_TRACEPOINT),
  N(BPF_PROG_TYPE_XDP), N(BPF_PROG_TYPE_SCHED_CLS),
  N(UFFD_USER_MODE_ONLY),
  { NULL, 0 },
};

static int lookup(const char *s, size_t len, long *v) {
  char *end;
  char buf[64];
  if (len == 0 || len >= sizeof buf) return 0;
  memcpy(buf, s, len);
  buf[len] = 0;
  long num = strtol(buf, &end, 0);
  if (*end == 0) { *v = num; return 1; }
  for (const struct name *n = NAMES; n->n; n++) {
    if (strcmp(n->n, buf) == 0) { *v = n->v; return 1; }
  }
  return 0;
}

long names_value(const char *text, int *ok) {
  long total = 0;
  *ok = 1;
  const char *p = text;
  for (;;) {
    while (*p == ' ') p++;
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    while (len > 0 && p[len - 1] == ' ') len--;
    long v;
    if (!lookup(p, len, &v)) { *ok = 0; return 0; }
    total |= v;
    if (!bar) break;
    p = bar + 1;
  }
  return total;
}
