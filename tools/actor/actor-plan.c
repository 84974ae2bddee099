/* Reads the plan file the runner writes: one record per line, tokens separated by TAB,
 * with \t, \n and \\ escaped inside tokens (so any path or argv survives). */
#include "actor.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *unescape(char *s) {
  char *w = s;
  for (char *r = s; *r; r++) {
    if (*r == '\\' && r[1]) {
      r++;
      *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
    } else {
      *w++ = *r;
    }
  }
  *w = 0;
  return s;
}

int plan_read(const char *path, struct plan *out) {
  FILE *f = fopen(path, "re");
  if (!f) return -1;
  out->nrec = 0;
  out->rec = NULL;
  int cap = 0;
  char *line = NULL;
  size_t n = 0;
  ssize_t len;
  while ((len = getline(&line, &n, f)) >= 0) {
    if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
    if (line[0] == 0) continue;
    if (out->nrec == cap) {
      cap = cap ? cap * 2 : 32;
      out->rec = realloc(out->rec, sizeof(struct record) * cap);
    }
    struct record *r = &out->rec[out->nrec++];
    r->ntok = 0;
    char *copy = strdup(line);
    char *p = copy;
    for (;;) {
      char *tab = strchr(p, '\t');
      if (tab) *tab = 0;
      if (r->ntok < MAX_TOKENS) r->tok[r->ntok++] = unescape(p);
      if (!tab) break;
      p = tab + 1;
    }
  }
  free(line);
  fclose(f);
  return 0;
}
