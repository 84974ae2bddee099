/* The actions a test case's last process performs, each as the system call(s) that
 * docs/rule-tests.md names, with paths passed exactly as written. Every result goes to
 * the runner's report; a failing call never stops the sequence. */
#define _GNU_SOURCE
#include "actor.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 64
static struct { char label[32]; int fd; int sock; } fds[MAX_FDS];
static int nfds, last_fd = -1, last_sock = -1;

void fd_remember(const char *label, int fd, int is_socket) {
  if (fd < 0) return;
  last_fd = fd;
  if (is_socket) last_sock = fd;
  if (label && *label && nfds < MAX_FDS) {
    snprintf(fds[nfds].label, sizeof fds[nfds].label, "%s", label);
    fds[nfds].fd = fd;
    fds[nfds].sock = is_socket;
    nfds++;
  }
}

int fd_of(const char *label) {
  if (!label || !*label) return last_fd;
  for (int i = nfds - 1; i >= 0; i--) if (strcmp(fds[i].label, label) == 0) return fds[i].fd;
  return -1;
}

int last_socket(void) { return last_sock; }

int setup_mode;

/* mkdir -p for the runner's set-up steps: missing parents are created, an existing
 * directory is fine. */
static long mkdir_parents(const char *path, mode_t mode, int include_last) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(buf, 0755) < 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  if (include_last && mkdir(buf, mode) < 0 && errno != EEXIST) return -1;
  return 0;
}

static const char *tok(struct record *r, int i) { return i < r->ntok ? r->tok[i] : ""; }

static long num(const char *s) {
  int ok;
  long v = names_value(s, &ok);
  return ok ? v : -1;
}

static mode_t octal(const char *s, mode_t dflt) { return *s ? (mode_t)strtol(s, NULL, 8) : dflt; }

static void done(int idx, const char *op, long ret, int err) {
  report("res\t%d\t%s\t%ld\t%s", idx, op, ret, ret < 0 ? strerrorname_np(err) : "ok");
}

/* A word in the data segment: the ptrace child is a fork of this process, so the same
 * address holds the same variable there. */
static volatile long poke_target = 0x7465726365;

static void do_ptrace(long request, int idx) {
  pid_t child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  report("child\t%d", child);
  long ret;
  int err = 0;
  if (request == PTRACE_ATTACH || request == PTRACE_SEIZE) {
    ret = ptrace(request, child, 0, 0);
    err = errno;
  } else {
    ret = ptrace(PTRACE_ATTACH, child, 0, 0);
    err = errno;
    if (ret == 0) {
      int st;
      waitpid(child, &st, 0);
      if (request == PTRACE_POKEDATA || request == PTRACE_POKETEXT) {
        ret = ptrace(request, child, (void *)&poke_target, (void *)0x6c65727465L);
      } else if (request == PTRACE_POKEUSER) {
        long off = offsetof(struct user, regs) + offsetof(struct user_regs_struct, r15);
        errno = 0;
        long v = ptrace(PTRACE_PEEKUSER, child, (void *)off, 0);
        ret = ptrace(PTRACE_POKEUSER, child, (void *)off, (void *)v);
      } else {
        struct user_regs_struct regs;
        ptrace(PTRACE_GETREGS, child, 0, &regs);
        ret = ptrace(request, child, 0, &regs);
      }
      err = errno;
      ptrace(PTRACE_DETACH, child, 0, 0);
    }
  }
  done(idx, "ptrace", ret, err);
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
}

static void do_connect(struct record *r, int idx) {
  const char *host = tok(r, 2), *port = tok(r, 3), *proto = tok(r, 4);
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_socktype = strcmp(proto, "udp") == 0 ? SOCK_DGRAM : SOCK_STREAM;
  int gai = getaddrinfo(host, port, &hints, &res);
  if (gai != 0 || !res) {
    report("res\t%d\tconnect\t-1\tEAI:%s", idx, gai_strerror(gai));
    return;
  }
  int s = socket(res->ai_family, res->ai_socktype, 0);
  /* Linux's blocking connect honours the send timeout: an unroutable destination gives
   * up after a second instead of the SYN retry schedule. */
  struct timeval tv = {1, 0};
  setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  long ret = connect(s, res->ai_addr, res->ai_addrlen);
  done(idx, "connect", ret, errno);
  fd_remember(tok(r, 5), s, 1);
  freeaddrinfo(res);
}

static void do_bpf(struct record *r, int idx) {
  struct bpf_insn insns[2] = {
    { .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
    { .code = BPF_JMP | BPF_EXIT },
  };
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  long type = *tok(r, 3) ? num(tok(r, 3)) : BPF_PROG_TYPE_SOCKET_FILTER;
  attr.prog_type = (unsigned)type;
  attr.insn_cnt = 2;
  attr.insns = (unsigned long)insns;
  attr.license = (unsigned long)"GPL";
  long cmd = *tok(r, 2) ? num(tok(r, 2)) : BPF_PROG_LOAD;
  long ret = syscall(SYS_bpf, cmd, &attr, sizeof attr);
  done(idx, "bpf", ret, errno);
  if (ret >= 0) close((int)ret);
}

static void do_copy(const char *src, const char *dst, mode_t mode, int idx) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  long ret = (in < 0 || out < 0) ? -1 : 0;
  int err = errno;
  char buf[65536];
  ssize_t n;
  while (ret == 0 && (n = read(in, buf, sizeof buf)) > 0) {
    if (write(out, buf, (size_t)n) != n) { ret = -1; err = errno; }
  }
  if (out >= 0) { fchmod(out, mode); close(out); }
  if (in >= 0) close(in);
  done(idx, "copy", ret, err);
}

void action_run(struct record *r, int idx) {
  const char *op = tok(r, 1);
  long ret = 0;
  errno = 0;
  if (strcmp(op, "open") == 0) {
    const char *path = tok(r, 2), *via = tok(r, 5);
    long flags = num(tok(r, 3));
    mode_t mode = octal(tok(r, 4), 0644);
    if (strcmp(via, "open") == 0) ret = syscall(SYS_open, path, flags, mode);
    else if (strcmp(via, "creat") == 0) ret = syscall(SYS_creat, path, mode);
    else if (strcmp(via, "openat2") == 0) {
      struct { unsigned long long flags, mode, resolve; } how = { (unsigned long long)flags, (flags & (O_CREAT | __O_TMPFILE)) ? mode : 0, 0 };
      ret = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
    } else ret = syscall(SYS_openat, AT_FDCWD, path, flags, mode);
    done(idx, op, ret, errno);
    fd_remember(tok(r, 6), (int)ret, 0);
  } else if (strcmp(op, "read") == 0) {
    int fd = (int)syscall(SYS_openat, AT_FDCWD, tok(r, 2), O_RDONLY, 0);
    int err = errno;
    if (fd >= 0) {
      char buf[4096];
      ret = read(fd, buf, sizeof buf);
      err = errno;
      close(fd);
    } else ret = -1;
    done(idx, op, ret, err);
  } else if (strcmp(op, "write") == 0) {
    long flags = *tok(r, 4) ? num(tok(r, 4)) : (O_WRONLY | O_CREAT | O_APPEND);
    if (setup_mode) mkdir_parents(tok(r, 2), 0755, 0);
    int fd = (int)syscall(SYS_openat, AT_FDCWD, tok(r, 2), flags, octal(tok(r, 5), 0644));
    int err = errno;
    if (fd >= 0) {
      ret = write(fd, tok(r, 3), strlen(tok(r, 3)));
      err = errno;
      close(fd);
    } else ret = -1;
    done(idx, op, ret, err);
  } else if (strcmp(op, "close") == 0) {
    ret = close(fd_of(tok(r, 2)));
    done(idx, op, ret, errno);
  } else if (strcmp(op, "unlink") == 0) {
    ret = strcmp(tok(r, 3), "unlink") == 0 ? syscall(SYS_unlink, tok(r, 2)) : syscall(SYS_unlinkat, AT_FDCWD, tok(r, 2), 0);
    done(idx, op, ret, errno);
  } else if (strcmp(op, "rename") == 0) {
    const char *via = tok(r, 4);
    if (strcmp(via, "rename") == 0) ret = syscall(SYS_rename, tok(r, 2), tok(r, 3));
    else if (strcmp(via, "renameat") == 0) ret = syscall(SYS_renameat, AT_FDCWD, tok(r, 2), AT_FDCWD, tok(r, 3));
    else ret = syscall(SYS_renameat2, AT_FDCWD, tok(r, 2), AT_FDCWD, tok(r, 3), 0);
    done(idx, op, ret, errno);
  } else if (strcmp(op, "symlink") == 0) {
    ret = strcmp(tok(r, 4), "symlink") == 0 ? syscall(SYS_symlink, tok(r, 2), tok(r, 3)) : syscall(SYS_symlinkat, tok(r, 2), AT_FDCWD, tok(r, 3));
    done(idx, op, ret, errno);
  } else if (strcmp(op, "link") == 0) {
    ret = strcmp(tok(r, 4), "link") == 0 ? syscall(SYS_link, tok(r, 2), tok(r, 3)) : syscall(SYS_linkat, AT_FDCWD, tok(r, 2), AT_FDCWD, tok(r, 3), 0);
    done(idx, op, ret, errno);
  } else if (strcmp(op, "chmod") == 0) {
    const char *via = tok(r, 4);
    mode_t mode = octal(tok(r, 3), 0644);
    if (strcmp(via, "chmod") == 0) ret = syscall(SYS_chmod, tok(r, 2), mode);
    else if (strcmp(via, "fchmod") == 0) {
      int fd = open(tok(r, 2), O_RDONLY);
      ret = fd < 0 ? -1 : syscall(SYS_fchmod, fd, mode);
      int err = errno;
      if (fd >= 0) close(fd);
      errno = err;
    } else ret = syscall(SYS_fchmodat, AT_FDCWD, tok(r, 2), mode);
    done(idx, op, ret, errno);
  } else if (strcmp(op, "mkdir") == 0) {
    if (setup_mode) ret = mkdir_parents(tok(r, 2), octal(tok(r, 3), 0755), 1);
    else ret = syscall(SYS_mkdirat, AT_FDCWD, tok(r, 2), octal(tok(r, 3), 0755));
    done(idx, op, ret, errno);
  } else if (strcmp(op, "socket") == 0) {
    ret = socket((int)num(tok(r, 2)), (int)num(tok(r, 3)), *tok(r, 4) ? (int)num(tok(r, 4)) : 0);
    done(idx, op, ret, errno);
    fd_remember(tok(r, 5), (int)ret, 1);
  } else if (strcmp(op, "connect") == 0) {
    do_connect(r, idx);
  } else if (strcmp(op, "dup2") == 0) {
    int fd = *tok(r, 2) ? fd_of(tok(r, 2)) : last_socket();
    int newfd = (int)num(tok(r, 3));
    const char *via = tok(r, 4);
    if (strcmp(via, "dup") == 0) {
      close(newfd);
      ret = syscall(SYS_dup, fd);
    } else if (strcmp(via, "dup3") == 0) ret = syscall(SYS_dup3, fd, newfd, 0);
    else ret = syscall(SYS_dup2, fd, newfd);
    done(idx, op, ret, errno);
  } else if (strcmp(op, "exec") == 0) {
    int argc = atoi(tok(r, 3));
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    for (int i = 0; i < argc; i++) argv[i] = (char *)tok(r, 4 + i);
    int envc = atoi(tok(r, 4 + argc));
    char **envp = calloc((size_t)envc + 1, sizeof *envp);
    for (int i = 0; i < envc; i++) envp[i] = (char *)tok(r, 5 + argc + i);
    report("res\t%d\texec\t0\tok", idx);
    report_close_on_exec();
    ret = execve(tok(r, 2), argv, envc ? envp : (char *[]){NULL});
    done(idx, op, ret, errno);
  } else if (strcmp(op, "ptrace") == 0) {
    do_ptrace(num(tok(r, 2)), idx);
  } else if (strcmp(op, "mount") == 0) {
    ret = mount(tok(r, 2), tok(r, 3), tok(r, 4), (unsigned long)num(*tok(r, 5) ? tok(r, 5) : "0"), *tok(r, 6) ? tok(r, 6) : NULL);
    done(idx, op, ret, errno);
  } else if (strcmp(op, "setns") == 0) {
    int fd = (int)syscall(SYS_openat, AT_FDCWD, tok(r, 2), O_RDONLY, 0);
    ret = fd < 0 ? -1 : setns(fd, (int)num(*tok(r, 3) ? tok(r, 3) : "0"));
    done(idx, op, ret, errno);
    if (fd >= 0) close(fd);
  } else if (strcmp(op, "bpf") == 0) {
    do_bpf(r, idx);
  } else if (strcmp(op, "finit_module") == 0) {
    int fd = (int)syscall(SYS_openat, AT_FDCWD, tok(r, 2), O_RDONLY, 0);
    ret = fd < 0 ? -1 : syscall(SYS_finit_module, fd, "", 0);
    done(idx, op, ret, errno);
    if (fd >= 0) close(fd);
  } else if (strcmp(op, "init_module") == 0) {
    long size = *tok(r, 2) ? atol(tok(r, 2)) : 4096;
    void *buf = calloc(1, (size_t)size);
    ret = syscall(SYS_init_module, buf, size, "");
    done(idx, op, ret, errno);
    free(buf);
  } else if (strcmp(op, "userfaultfd") == 0) {
    ret = syscall(SYS_userfaultfd, (int)num(*tok(r, 2) ? tok(r, 2) : "0"));
    done(idx, op, ret, errno);
  } else if (strcmp(op, "unshare") == 0) {
    ret = unshare((int)num(tok(r, 2)));
    done(idx, op, ret, errno);
  } else if (strcmp(op, "sleep") == 0) {
    long ms = atol(tok(r, 2));
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    ret = nanosleep(&ts, NULL);
    done(idx, op, ret, errno);
  } else if (strcmp(op, "hosts") == 0) {
    char line[512];
    int n = snprintf(line, sizeof line, "%s %s\n", tok(r, 3), tok(r, 2));
    int fd = open("/etc/hosts", O_WRONLY | O_APPEND | O_CREAT, 0644);
    ret = fd < 0 ? -1 : write(fd, line, (size_t)n);
    done(idx, op, ret, errno);
    if (fd >= 0) close(fd);
  } else if (strcmp(op, "copy") == 0) {
    mkdir_parents(tok(r, 3), 0755, 0);
    do_copy(tok(r, 2), tok(r, 3), octal(tok(r, 4), 0755), idx);
  } else {
    report("res\t%d\t%s\t-1\tEUNKNOWNOP", idx, op);
  }
}
