#!/usr/bin/env bash
# Builds the kernel probe and its loader: probe/build/tercel-probe (and the test helper
# probe/build/tercel-storm). Installs the Debian build packages when missing (root),
# generates vmlinux.h from the running kernel's BTF and the schema header from the
# compiled event table. Outputs stay under probe/build/ (gitignored).
#   scripts/build-probe.sh            build
#   scripts/build-probe.sh --clean    remove probe/build first
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=probe/build

if [[ "${1:-}" == "--clean" ]]; then rm -rf "$out"; fi

die() { echo "build-probe: $*" >&2; exit 1; }

if [[ ! -r /sys/kernel/btf/vmlinux ]]; then
  die "this kernel exposes no BTF (/sys/kernel/btf/vmlinux is missing): the CO-RE probe needs a kernel built with CONFIG_DEBUG_INFO_BTF=y"
fi

pkgs=(clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev linux-libc-dev gcc libc6-dev make pkg-config)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  [[ $(id -u) -eq 0 ]] || die "need root to install Debian packages: ${missing[*]}"
  echo "build-probe: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || apt-get update
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$out"

# Schema header from the compiled event table (one schema for probe and decoder).
if [[ ! -f dist/events/event-table.js || src/events/event-table.ts -nt dist/events/event-table.js ]]; then
  echo "build-probe: compiling TypeScript for the event schema"
  npx --no-install tsc -p tsconfig.json >/dev/null 2>&1 || true
  [[ -f dist/events/event-table.js ]] || die "dist/events/event-table.js is missing after tsc; run npm ci && npx tsc -p tsconfig.json"
fi
node scripts/gen-probe-schema.mjs >/dev/null

echo "build-probe: vmlinux.h from /sys/kernel/btf/vmlinux"
bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$out/vmlinux.h.tmp"
mv "$out/vmlinux.h.tmp" "$out/vmlinux.h"

arch=$(uname -m)
[[ "$arch" == x86_64 ]] || die "only x86_64 is supported so far (this machine is $arch)"
multiarch=/usr/include/x86_64-linux-gnu

echo "build-probe: compiling the BPF object"
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$out" -Iprobe -I"$multiarch" \
  -Wall -Wno-unused-function -Wno-address-of-packed-member \
  -c probe/tercel.bpf.c -o "$out/tercel.bpf.o"
llvm-strip -g "$out/tercel.bpf.o" -o "$out/tercel.bpf.stripped.o" 2>/dev/null || cp "$out/tercel.bpf.o" "$out/tercel.bpf.stripped.o"
bpftool gen skeleton "$out/tercel.bpf.stripped.o" name tercel_bpf > "$out/tercel.skel.h"

echo "build-probe: compiling the loader"
gcc -O2 -g -Wall -Wextra -Wno-unused-parameter -I"$out" -Iprobe \
  probe/loader.c -o "$out/tercel-probe" $(pkg-config --cflags --libs libbpf) -lelf -lz
gcc -O2 -Wall -o "$out/tercel-storm" probe/tools/storm.c

echo "build-probe: built $root/$out/tercel-probe"
