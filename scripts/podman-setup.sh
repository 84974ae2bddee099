#!/usr/bin/env bash
# Prepares real containers for tercel's container tests on a Debian machine (root):
#   - installs podman, runc and busybox-static when missing;
#   - uses the project's configs (test/fixtures/podman/*.conf: cgroupfs, file events, runc,
#     no netns, explicit ulimits — what works on the test VMs);
#   - builds localhost/tercel-busybox:latest by `podman import` of a busybox root;
#   - builds localhost/tercel-debian:latest by `podman import` of a debootstrap
#     (minbase bookworm from the Debian mirror apt uses; about two minutes, once);
#   - starts podman's Docker-compatible API on /run/podman/podman.sock.
# Idempotent and quick when everything is already there. Progress goes to stderr; stdout
# is the environment to use, so that
#   eval "$(scripts/podman-setup.sh)"
# points podman at the same configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)

export CONTAINERS_CONF="$here/test/fixtures/podman/containers.conf"
export CONTAINERS_STORAGE_CONF="$here/test/fixtures/podman/storage.conf"
IMAGE=localhost/tercel-busybox:latest
DEBIAN_IMAGE=localhost/tercel-debian:latest
SOCK=/run/podman/podman.sock
LOG=/var/log/tercel-podman-service.log

say() { echo "podman-setup: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  say "must run as root (podman with runc and cgroupfs)"
  exit 1
fi

missing=()
for p in podman runc busybox-static debootstrap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || apt-get update >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! podman image exists "$IMAGE" 2>/dev/null; then
  say "building $IMAGE from busybox-static"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  root="$work/root"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root}
  cp /bin/busybox "$root/bin/busybox"
  chroot "$root" /bin/busybox --install -s
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -cf "$work/rootfs.tar" .
  podman import --change 'CMD ["/bin/sh"]' "$work/rootfs.tar" "$IMAGE" >&2
fi

# The Debian mirror apt is configured with (deb822 sources first, then one-line lists).
debian_mirror() {
  local m=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/*.sources)
  fi
  if [[ -z $m ]]; then
    m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($i !~ /security/) { print $i; exit } else break } }')
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

if ! podman image exists "$DEBIAN_IMAGE" 2>/dev/null; then
  mirror=$(debian_mirror)
  say "building $DEBIAN_IMAGE with debootstrap from $mirror (about two minutes)"
  dwork=$(mktemp -d)
  trap 'rm -rf "${work:-}" "$dwork"' EXIT
  droot="$dwork/root"
  if ! debootstrap --variant=minbase bookworm "$droot" "$mirror" >"$dwork/debootstrap.log" 2>&1; then
    tail -20 "$dwork/debootstrap.log" >&2
    say "debootstrap failed: $DEBIAN_IMAGE is not built (container cases that use it are skipped)"
  else
    rm -rf "$droot"/var/cache/apt/archives/*.deb "$droot"/var/lib/apt/lists/*
    tar -C "$droot" --numeric-owner -cf "$dwork/rootfs.tar" .
    podman import --change 'CMD ["/bin/bash"]' "$dwork/rootfs.tar" "$DEBIAN_IMAGE" >&2
  fi
fi

ping_api() {
  [[ -S $SOCK ]] || return 1
  if command -v curl >/dev/null; then
    curl -sf --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null
  else
    node -e "require('http').get({socketPath:'$SOCK',path:'/_ping',timeout:2000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"
  fi
}

if ! ping_api; then
  say "starting the API service on $SOCK"
  mkdir -p "$(dirname "$SOCK")"
  rm -f "$SOCK"
  nohup setsid podman system service --time=0 "unix://$SOCK" >>"$LOG" 2>&1 </dev/null &
  for _ in $(seq 1 50); do ping_api && break; sleep 0.1; done
  ping_api || { say "the API service did not answer on $SOCK (see $LOG)"; exit 1; }
fi

say "ready: images $IMAGE $DEBIAN_IMAGE, API $SOCK"
echo "export CONTAINERS_CONF='$CONTAINERS_CONF'"
echo "export CONTAINERS_STORAGE_CONF='$CONTAINERS_STORAGE_CONF'"
