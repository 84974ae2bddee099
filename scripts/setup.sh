#!/usr/bin/env bash
# One-step set-up on a fresh Debian bookworm machine (root): Debian packages, npm
# packages, the TypeScript build, and `npm link` so that `tercel` is on the PATH.
#   scripts/setup.sh          what the agent needs (build tools for the eBPF probe)
#   scripts/setup.sh --test   plus what the tests need (sysdig, podman, runc, python3-yaml)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

pkgs=(ca-certificates)
if [[ $want_test == 1 ]]; then
  # sysdig: differential tests; python3-yaml: the legacy-suite runner; the rest: the benign workload
  pkgs+=(sysdig python3-yaml gcc make libc6-dev sqlite3 postgresql curl wget git openssl openssh-client passwd)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: need root to install Debian packages: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || apt-get update
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: npm packages"
npm ci --no-audit --no-fund --loglevel=error
echo "setup: build"
npm run --silent build
echo "setup: eBPF probe"
if [[ -r /sys/kernel/btf/vmlinux ]]; then
  bash scripts/build-probe.sh
else
  echo "setup: no kernel BTF at /sys/kernel/btf/vmlinux: the live probe is not built; tercel can replay .scap traces (-e)" >&2
fi
echo "setup: rule test helper"
bash tools/actor/build-actor.sh
echo "setup: link the tercel command"
npm link --no-audit --no-fund --loglevel=error >/dev/null
command -v tercel >/dev/null || { echo "setup: 'tercel' is not on the PATH after npm link" >&2; exit 1; }
if [[ $want_test == 1 ]]; then
  echo "setup: podman, runc and the test image"
  bash scripts/podman-setup.sh >/dev/null
fi
echo "setup: done ($(tercel --version | head -1))"
