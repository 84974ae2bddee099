#!/usr/bin/env bash
# Builds the benchmark helpers into probe/build/ with the probe's toolchain (see
# scripts/build-probe.sh, which must have run first: it installs the packages and writes
# probe/build/vmlinux.h): syscall-loop (syscall loops that time themselves) and
# empty-probe (empty eBPF programs on the probe's hooks, the overhead baseline).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=probe/build
tools=probe/tools
[[ -f "$out/vmlinux.h" ]] || { echo "build-tools: $out/vmlinux.h is missing; run scripts/build-probe.sh first" >&2; exit 1; }
gcc -O2 -Wall -Wextra -o "$out/syscall-loop" "$tools/syscall-loop.c"
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$out" -I/usr/include/x86_64-linux-gnu -Wall \
  -c "$tools/empty.bpf.c" -o "$out/empty.bpf.o"
llvm-strip -g "$out/empty.bpf.o" -o "$out/empty.bpf.stripped.o" 2>/dev/null || cp "$out/empty.bpf.o" "$out/empty.bpf.stripped.o"
bpftool gen skeleton "$out/empty.bpf.stripped.o" name empty_bpf > "$out/empty.skel.h"
gcc -O2 -Wall -Wextra -I"$out" -o "$out/empty-probe" "$tools/empty-loader.c" $(pkg-config --cflags --libs libbpf) -lelf -lz
echo "build-tools: built $out/syscall-loop and $out/empty-probe"
