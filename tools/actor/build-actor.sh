#!/usr/bin/env bash
# Builds tercel-act, the static helper that `tercel test` runs as each process of a rule
# test case (see docs/rule-tests.md). Static, so that it runs unchanged in any container
# image. Output: tools/actor/build/tercel-act (or the path given as $1).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build/tercel-act}"
mkdir -p "$(dirname "$out")"
${CC:-gcc} -O2 -static -Wall -Wextra -Wno-unused-parameter -o "$out.tmp.$$" \
  "$here/tercel-act.c" "$here/actor-actions.c" "$here/actor-plan.c" "$here/actor-names.c" \
  2> >(grep -v -e "statically linked applications" -e "in function" >&2)
mv "$out.tmp.$$" "$out"
echo "build-actor: $out" >&2
