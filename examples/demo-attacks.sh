#!/usr/bin/env bash
# Performs, on this host, a few harmless actions that tercel's stable rules report: read
# /etc/shadow, add a cron schedule file, a shell spawned by a program named like a web
# server, an `nc -e`-style exec, a program run from /dev/shm. Every change is undone.
# Used to record examples/demo.scap.gz (see examples/README.md).
set -u
export TERCEL_DEMO=1
work=$(mktemp -d /tmp/tercel-demo.XXXXXX)
trap 'rm -rf "$work" /etc/cron.d/tercel-demo /dev/shm/tercel-demo' EXIT

sleep 1
cat /etc/shadow > /dev/null                      # credential file read
mkdir -p /etc/cron.d
echo "# inert: removed at once" > /etc/cron.d/tercel-demo   # cron schedule change
cp /bin/sh "$work/nginx"                         # a "web server" that spawns a shell
"$work/nginx" -c 'sh -c "id > /dev/null"'
cp /bin/true "$work/nc"                          # netcat with -e (exits at once)
"$work/nc" -e /bin/sh 127.0.0.1 4444 || true
cp /bin/true /dev/shm/tercel-demo && /dev/shm/tercel-demo      # run from /dev/shm
sleep 1
