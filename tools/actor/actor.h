/* tercel-act: the helper that `tercel test` runs as each process of a test case's chain.
 * Shared declarations between the plan reader, the name tables, the chain and the actions. */
#ifndef TERCEL_ACTOR_H
#define TERCEL_ACTOR_H
#include <stddef.h>

#define MAX_TOKENS 64

/* One line of the plan: a record kind and its tab-separated, unescaped tokens. */
struct record {
  int ntok;
  char *tok[MAX_TOKENS];
};

struct plan {
  int nrec;
  struct record *rec;
};

int plan_read(const char *path, struct plan *out);

/* Flag names ("O_WRONLY|O_APPEND", "CLONE_NEWUSER", numbers) to values; -1 + message when unknown. */
long names_value(const char *text, int *ok);

/* Report channel to the runner (an append-only file named by the plan). */
void report_open(const char *path);
void report(const char *fmt, ...);
void report_close_on_exec(void);

/* Runs one action record (tokens after "X"); idx numbers it in the report. */
void action_run(struct record *r, int idx);
/* Set for TERCEL_TEST_STEP=setup: mkdir and write create missing parent directories. */
extern int setup_mode;
/* Descriptor of a label (or the last opened when label is empty), -1 when unknown. */
int fd_of(const char *label);
void fd_remember(const char *label, int fd, int is_socket);
int last_socket(void);

#endif
