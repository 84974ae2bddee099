/* tercel-act: the helper behind `tercel test`. The runner copies it under the names a test
 * case asks for, so that each process of the case's chain has the right proc.name, and
 * hands it a plan (TERCEL_TEST_PLAN, the file read by actor-plan.c). TERCEL_TEST_STEP says
 * which chain entry this process is:
 *   launch  set up entry 0 (pty, socket stdio, user, cwd) and exec it in place, so the
 *           first process keeps the runner (or the container runtime) as its parent;
 *   setup   perform the plan's actions as root, outside the chain;
 *   <i>     entry i: fork + exec entry i+1 and wait, or (last entry) perform the actions.
 * Each process reports its pid, the results of its calls and its child's exit status to
 * the report file, which the runner reads to attribute alerts and to skip cases whose
 * environment gave an unexpected result. */
#define _GNU_SOURCE
#include "actor.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int report_fd = -1;
static struct plan plan;
static const char *helper_path = "/opt/tercel-tests/bin/tercel-act";

#define REPORT_FD 200

/* The report descriptor is opened once, by the first process, and inherited down the
 * chain of helpers (a later entry may run as a user that could not open it); it is
 * closed on the exec of a real program. It sits out of the way of the descriptors a case
 * numbers itself (dup2 onto 0-2, ...). */
void report_open(const char *path) {
  if (fcntl(REPORT_FD, F_GETFD) >= 0) { report_fd = REPORT_FD; return; }
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  report_fd = dup2(fd, REPORT_FD);
  close(fd);
}

void report_close_on_exec(void) {
  if (report_fd >= 0) fcntl(report_fd, F_SETFD, FD_CLOEXEC);
}

void report(const char *fmt, ...) {
  if (report_fd < 0) return;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 2) n = (int)sizeof buf - 2;
  buf[n++] = '\n';
  if (write(report_fd, buf, (size_t)n) < 0) { /* nothing to do: the runner reports missing lines */ }
}

static struct record *entry(int i) {
  for (int k = 0; k < plan.nrec; k++) {
    struct record *r = &plan.rec[k];
    if (strcmp(r->tok[0], "E") == 0 && atoi(r->tok[1]) == i) return r;
  }
  return NULL;
}

static int entry_count(void) {
  int n = 0;
  while (entry(n)) n++;
  return n;
}

static const char *plan_value(const char *kind) {
  for (int k = 0; k < plan.nrec; k++) {
    if (strcmp(plan.rec[k].tok[0], kind) == 0 && plan.rec[k].ntok > 1) return plan.rec[k].tok[1];
  }
  return NULL;
}

static int run_actions(void) {
  int idx = 0;
  for (int k = 0; k < plan.nrec; k++) {
    if (strcmp(plan.rec[k].tok[0], "X") == 0) action_run(&plan.rec[k], idx++);
  }
  return 0;
}

static void fail(int step, const char *what) {
  report("fail\t%d\t%s\t%s", step, what, strerrorname_np(errno));
  _exit(127);
}

static int connect_stdio(const char *hostport) {
  char host[256];
  snprintf(host, sizeof host, "%s", hostport);
  char *colon = strrchr(host, ':');
  if (!colon) return -1;
  *colon = 0;
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res) return -1;
  int s = socket(res->ai_family, SOCK_STREAM, 0);
  int ret = connect(s, res->ai_addr, res->ai_addrlen);
  freeaddrinfo(res);
  if (ret < 0) return -1;
  for (int fd = 0; fd < 3; fd++) dup2(s, fd);
  if (s > 2) close(s);
  return 0;
}

static int switch_user(const char *user) {
  if (!*user || strcmp(user, "root") == 0 || strcmp(user, "0") == 0) return 0;
  uid_t uid;
  gid_t gid;
  char *end;
  long n = strtol(user, &end, 10);
  struct passwd *pw = *end == 0 ? getpwuid((uid_t)n) : getpwnam(user);
  if (pw) { uid = pw->pw_uid; gid = pw->pw_gid; }
  else if (*end == 0) { uid = (uid_t)n; gid = (gid_t)n; }
  else { errno = ENOENT; return -1; }
  if (setgroups(0, NULL) < 0 || setgid(gid) < 0 || setuid(uid) < 0) return -1;
  return 0;
}

static int open_pty(void) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) return -1;
  const char *name = ptsname(master);
  setsid();
  int slave = open(name, O_RDWR);
  if (slave < 0) return -1;
  for (int fd = 0; fd < 3; fd++) dup2(slave, fd);
  if (slave > 2) close(slave);
  /* The master stays open (and is inherited): closing it would hang up the terminal and
   * send SIGHUP to the process under test. */
  if (master < 3) { int m = fcntl(master, F_DUPFD, 3); close(master); master = m; }
  return master;
}

/* Turns this process into chain entry i: E <i> <mode> <path> <user> <cwd> <stdio> <argc>
 * <argv...> <envc> <env...>. Never returns. */
static void become(int i) {
  struct record *e = entry(i);
  if (!e) fail(i, "no-entry");
  report("pid\t%d\t%d", i, getpid());
  const char *mode = e->tok[2], *path = e->tok[3], *user = e->tok[4], *cwd = e->tok[5], *stdio_to = e->tok[6];
  int argc = atoi(e->tok[7]);
  char **argv = calloc((size_t)argc + 1, sizeof *argv);
  for (int k = 0; k < argc; k++) argv[k] = e->tok[8 + k];
  int envc = atoi(e->tok[8 + argc]);
  int base = 0;
  while (environ[base]) base++;
  char **envp = calloc((size_t)(base + envc + 2), sizeof *envp);
  int m = 0;
  for (int k = 0; k < base; k++) {
    if (strncmp(environ[k], "TERCEL_TEST_STEP=", 17) == 0) continue;
    int replaced = 0;
    for (int j = 0; j < envc; j++) {
      const char *kv = e->tok[9 + argc + j];
      const char *eq = strchr(kv, '=');
      size_t klen = eq ? (size_t)(eq - kv + 1) : strlen(kv);
      if (strncmp(environ[k], kv, klen) == 0) replaced = 1;
    }
    if (!replaced) envp[m++] = environ[k];
  }
  for (int j = 0; j < envc; j++) envp[m++] = e->tok[9 + argc + j];
  char step[32];
  snprintf(step, sizeof step, "TERCEL_TEST_STEP=%d", i);
  if (strcmp(mode, "exec") != 0) envp[m++] = step;
  envp[m] = NULL;

  if (*stdio_to && connect_stdio(stdio_to) < 0) fail(i, "stdio-socket");
  if (*cwd && chdir(cwd) < 0) fail(i, "chdir");
  int memfd = -1;
  if (strcmp(mode, "memfd") == 0) {
    memfd = (int)syscall(SYS_memfd_create, path, 0);
    int in = open(helper_path, O_RDONLY | O_CLOEXEC);
    if (memfd < 0 || in < 0) fail(i, "memfd");
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
      if (write(memfd, buf, (size_t)n) != n) fail(i, "memfd-write");
    }
    close(in);
  }
  if (switch_user(user) < 0) fail(i, "user");
  if (strcmp(mode, "exec") == 0) report_close_on_exec();
  if (memfd >= 0) syscall(SYS_execveat, memfd, "", argv, envp, AT_EMPTY_PATH);
  else execve(path, argv, envp);
  fail(i, "exec");
}

int main(void) {
  const char *plan_path = getenv("TERCEL_TEST_PLAN");
  const char *step = getenv("TERCEL_TEST_STEP");
  if (!plan_path || plan_read(plan_path, &plan) < 0) {
    fprintf(stderr, "tercel-act: no readable plan in TERCEL_TEST_PLAN\n");
    return 125;
  }
  const char *rep = plan_value("R");
  if (rep) report_open(rep);
  const char *h = plan_value("H");
  if (h) helper_path = h;
  if (!step || strcmp(step, "launch") == 0) {
    const char *tty = plan_value("T");
    if (tty && strcmp(tty, "1") == 0 && open_pty() < 0) fail(0, "pty");
    become(0);
  }
  if (strcmp(step, "setup") == 0) {
    setup_mode = 1;
    run_actions();
    return 0;
  }
  int i = atoi(step);
  int n = entry_count();
  if (i + 1 >= n) {
    run_actions();
    return 0;
  }
  pid_t child = fork();
  if (child < 0) fail(i, "fork");
  if (child == 0) become(i + 1);
  int st = 0;
  while (waitpid(child, &st, 0) < 0 && errno == EINTR) {}
  int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  report("exit\t%d\t%d", i + 1, code);
  return code;
}
