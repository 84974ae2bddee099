#!/usr/bin/env bash
# The main job: live detection with tercel's stable rules (the default configuration).
# Where the kernel probe cannot run (not root, no kernel BTF, probe not built), say why and
# replay the bundled demo trace instead. Extra arguments go to tercel (e.g. -M 60).
set -euo pipefail
cd "$(dirname "$0")/.."
why=$(node --input-type=module -e "
  import { checkLiveProbe } from './dist/capture/index.js';
  const r = checkLiveProbe();
  if (!r.ok) console.log(r.error.message);
")
if [[ -z "$why" ]]; then
  exec tercel "$@"
fi
echo "main: live capture is not possible here: $why" >&2
echo "main: replaying the bundled trace examples/demo.scap.gz instead" >&2
exec tercel -e examples/demo.scap.gz "$@"
