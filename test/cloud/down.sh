#!/usr/bin/env bash
# Stop the test cloud started by up.sh.
#
#   bash test/cloud/down.sh [STATE_DIR] [--purge]
#
# STATE_DIR defaults to $GLANCE_CLOUD_STATE, else <repo root>/.cloud.
# Only processes named by the pid files in STATE_DIR/run are signalled, and
# only if /proc/PID/cmdline mentions STATE_DIR/ (a reused pid is left alone):
# SIGTERM to the process group, up to 10 s, then SIGKILL. Nothing is killed by
# name. --purge also deletes STATE_DIR.
set -euo pipefail

say() { printf '[cloud] %s\n' "$*" >&2; }
fail() {
  say "ERROR: $*"
  exit 1
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd -P)

PURGE=0
STATE=
for arg in "$@"; do
  case $arg in
  --purge) PURGE=1 ;;
  -*)
    printf 'usage: bash %s [STATE_DIR] [--purge]\n' "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
  *)
    [[ -z $STATE ]] || fail "more than one STATE_DIR given"
    STATE=$arg
    ;;
  esac
done
STATE=${STATE:-${GLANCE_CLOUD_STATE:-$REPO_ROOT/.cloud}}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

if [[ ! -d $STATE ]]; then
  say "no state dir $STATE: nothing to stop"
  exit 0
fi
STATE=$(cd "$STATE" && pwd -P)
RUN=$STATE/run

# pid_of NAME: the pid in run/NAME.pid if that process is alive and its command
# line mentions $STATE/.
pid_of() {
  local f=$RUN/$1.pid pid cmd
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmd == *"$STATE/"* ]] || return 1
  printf '%s\n' "$pid"
}

# group_alive PGID: true while a process of group PGID exists that is not a
# zombie (a zombie may wait for a reaper that never comes).
group_alive() {
  local f line rest st pgrp
  kill -0 -- "-$1" 2>/dev/null || return 1
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    rest=${line##*) }
    st=${rest%% *}
    rest=${rest#* }
    rest=${rest#* }
    pgrp=${rest%% *}
    if [[ $pgrp == "$1" && $st != Z && $st != X ]]; then return 0; fi
  done
  return 1
}

# stop NAME: SIGTERM the process group led by the daemon, wait up to 10 s,
# then SIGKILL it.
stop() {
  local name=$1 pid i
  if ! pid=$(pid_of "$name"); then
    if [[ -e $RUN/$name.pid ]]; then
      say "$name: not running (stale pid file removed)"
      rm -f "$RUN/$name.pid"
    fi
    return 0
  fi
  say "$name: stopping (process group $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    group_alive "$pid" || break
    sleep 0.1
  done
  if group_alive "$pid"; then
    say "$name: still running after 10 s, sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      group_alive "$pid" || break
      sleep 0.1
    done
    if group_alive "$pid"; then
      fail "$name: process group $pid survived SIGKILL"
    fi
  fi
  rm -f "$RUN/$name.pid"
}

stop glance-cache
stop glance-api
stop keystone

if [[ $PURGE == 1 ]]; then
  # Only delete a directory that up.sh created.
  [[ -e $STATE/.glance-cloud-state ]] ||
    fail "$STATE has no .glance-cloud-state marker; not deleting it"
  case $STATE in
  / | "$REPO_ROOT" | "${HOME:-/}") fail "refusing to delete $STATE" ;;
  esac
  rm -rf -- "$STATE"
  say "deleted $STATE"
fi
say "cloud down"
