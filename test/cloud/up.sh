#!/usr/bin/env bash
# Bring up a real OpenStack Keystone + Glance (Debian bookworm packages) on
# 127.0.0.1 for the integration tests. Everything lives under one state dir.
#
#   bash test/cloud/up.sh [STATE_DIR]
#
# STATE_DIR defaults to $GLANCE_CLOUD_STATE, else <repo root>/.cloud.
# Settings (environment): KEYSTONE_PORT (5000), GLANCE_PORT (9292),
# GLANCE_WORKERS (2), KEYSTONE_PROCESSES (1), KEYSTONE_CACHE (true),
# ADMIN_PASSWORD (admin-secret), DEMO_PASSWORD (demo-secret, demo and alt_demo),
# GLANCE_PASSWORD (glance-secret), LOAD_METADEFS (1), SKIP_INSTALL (1 = no apt).
#
# Idempotent: when both daemons already answer it returns at once. A running
# daemon is never reconfigured; run down.sh first to apply new settings.
# Progress goes to stderr; nothing is printed on stdout.
set -euo pipefail

now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; NOW_MS=$((t / 1000)); }
now_ms
T0=$NOW_MS

say() { printf '[cloud] %s\n' "$*" >&2; }

# Where this script cannot work, say so first, and what to do instead.
instead='Instead, run the unit tests alone (no cloud needed): npm run test:unit. The integration tests need this cloud (pointing them at another cloud is not supported).'
if [[ ! -e /etc/debian_version ]] || ! command -v dpkg-query >/dev/null; then
  say "ERROR: the test cloud is Debian bookworm's keystone and glance-api packages, and this is not Debian."
  say "$instead"
  exit 1
fi
if [[ $(id -u) != 0 ]]; then
  if [[ ! ( -x /usr/bin/keystone-manage && -x /usr/bin/glance-api ) ]]; then
    say "ERROR: not root, and Debian's keystone and glance-api are not installed: run this script as root (it installs them with apt-get)."
    say "$instead"
    exit 1
  elif [[ ! -r /etc/glance/glance-api-paste.ini ]]; then
    say "ERROR: not root, and not in the glance group, the only one that may read /etc/glance: run this script as root, or as a member of that group (adduser $(id -un) glance)."
    say "$instead"
    exit 1
  fi
fi

# fail MESSAGE [LOGFILE...]: print the message and the tail of each LOGFILE,
# exit 1.
fail() {
  local msg=$1 f
  shift
  say "ERROR: $msg"
  for f in "$@"; do
    if [[ -s $f ]]; then
      say "last lines of $f:"
      tail -n 25 "$f" >&2 || true
      say "ERROR: $msg"
    fi
  done
  exit 1
}

elapsed() {
  now_ms
  local ms=$((NOW_MS - T0))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd -P)

if [[ $# -gt 1 || ${1:-} == -* ]]; then
  printf 'usage: bash %s [STATE_DIR]\n' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
STATE=${1:-${GLANCE_CLOUD_STATE:-$REPO_ROOT/.cloud}}

KEYSTONE_PORT=${KEYSTONE_PORT:-5000}
GLANCE_PORT=${GLANCE_PORT:-9292}
GLANCE_WORKERS=${GLANCE_WORKERS:-2}
KEYSTONE_PROCESSES=${KEYSTONE_PROCESSES:-1}
KEYSTONE_CACHE=${KEYSTONE_CACHE:-true}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin-secret}
DEMO_PASSWORD=${DEMO_PASSWORD:-demo-secret}
GLANCE_PASSWORD=${GLANCE_PASSWORD:-glance-secret}
LOAD_METADEFS=${LOAD_METADEFS:-1}
SKIP_INSTALL=${SKIP_INSTALL:-0}
for n in KEYSTONE_PORT GLANCE_PORT GLANCE_WORKERS KEYSTONE_PROCESSES; do
  [[ ${!n} =~ ^[0-9]+$ ]] || fail "$n must be a number, got '${!n}'"
done
[[ $KEYSTONE_PORT != "$GLANCE_PORT" ]] || fail "KEYSTONE_PORT and GLANCE_PORT are both $GLANCE_PORT"

# A plain system environment: the Debian packages need /usr/bin/python3, not a
# pyenv/virtualenv python that may come first on the caller's PATH. No proxies:
# all traffic stays on 127.0.0.1. No OS_* variables leak into the bootstrap.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP PYTHONUSERBASE PYTHONNOUSERSITE \
  VIRTUAL_ENV PYENV_VERSION CONDA_PREFIX \
  http_proxy https_proxy ftp_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY ALL_PROXY
while IFS= read -r v; do
  if [[ $v == OS_* ]]; then unset "$v"; fi
done < <(compgen -e)
export no_proxy=127.0.0.1,localhost,::1 NO_PROXY=127.0.0.1,localhost,::1

KEYSTONE_URL=http://127.0.0.1:$KEYSTONE_PORT/v3
GLANCE_URL=http://127.0.0.1:$GLANCE_PORT

# The cache node: a second glance-api on GLANCE_CACHE_PORT (default GLANCE_PORT + 1) with
# GLANCE_CACHE_WORKERS workers (0 = one process). It shares the database and the stores with
# glance-api, as the nodes of a real deployment do, and adds what operator commands need and the
# everyday node does without: the image cache middleware with its own cache (cache-*), image
# locations shown and editable (location-*), and a read-only http store that locations can
# point into. It is not in the catalog: tests reach it with --os-image-url, the direct endpoint
# python-glanceclient asks cache commands to use. Its config is glance-api.conf plus the
# overrides in glance-cache.conf.
GLANCE_CACHE_PORT=${GLANCE_CACHE_PORT:-$((GLANCE_PORT + 1))}
GLANCE_CACHE_WORKERS=${GLANCE_CACHE_WORKERS:-0}
for n in GLANCE_CACHE_PORT GLANCE_CACHE_WORKERS; do
  [[ ${!n} =~ ^[0-9]+$ ]] || fail "$n must be a number, got '${!n}'"
done
[[ $GLANCE_CACHE_PORT != "$KEYSTONE_PORT" && $GLANCE_CACHE_PORT != "$GLANCE_PORT" ]] ||
  fail "GLANCE_CACHE_PORT $GLANCE_CACHE_PORT is the port of keystone or glance-api"
GLANCE_CACHE_URL=http://127.0.0.1:$GLANCE_CACHE_PORT

mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd -P)
KS=$STATE/keystone
GL=$STATE/glance
LOG=$STATE/log
RUN=$STATE/run

# pid_of NAME: print the pid from run/NAME.pid if that process is alive and its
# command line mentions $STATE/ (a reused pid is never taken for ours).
pid_of() {
  local f=$RUN/$1.pid pid cmd
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmd == *"$STATE/"* ]] || return 1
  printf '%s\n' "$pid"
}

# http_ok URL: true if URL answers 200 (loopback only, no proxy).
http_ok() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' --max-time 5 "$1" 2>/dev/null) || true
  [[ $code == 200 ]]
}

# port_free PORT: true if nothing accepts connections on 127.0.0.1:PORT.
port_free() {
  local rc=0
  curl -s -o /dev/null --noproxy '*' --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null || rc=$?
  [[ $rc == 7 ]]
}

OUTPUTS=(admin-openrc.sh demo-openrc.sh alt_demo-openrc.sh clouds.yaml cloud.env)

outputs_present() {
  local f
  for f in "${OUTPUTS[@]}"; do [[ -s $STATE/$f ]] || return 1; done
}

# conf_value FILE KEY: the first "KEY = VALUE" in FILE.
conf_value() {
  local k v
  while IFS=' =' read -r k v; do
    if [[ $k == "$2" ]]; then
      printf '%s\n' "$v"
      return 0
    fi
  done <"$1"
  return 1
}

# The ports a running daemon was configured with (its config is only written
# when it is started).
keystone_conf_port() {
  local p
  p=$(conf_value "$KS/uwsgi.ini" http-socket 2>/dev/null) || return 0
  printf '%s\n' "${p##*:}"
}
glance_conf_port() { conf_value "$GL/glance-api.conf" bind_port 2>/dev/null || true; }
glance_cache_conf_port() { conf_value "$GL/glance-cache.conf" bind_port 2>/dev/null || true; }

both_up() {
  pid_of keystone >/dev/null && pid_of glance-api >/dev/null && pid_of glance-cache >/dev/null &&
    [[ $(keystone_conf_port) == "$KEYSTONE_PORT" && $(glance_conf_port) == "$GLANCE_PORT" ]] &&
    [[ $(glance_cache_conf_port) == "$GLANCE_CACHE_PORT" ]] &&
    http_ok "$KEYSTONE_URL" && http_ok "$GLANCE_URL/healthcheck" && http_ok "$GLANCE_CACHE_URL/healthcheck"
}

done_line() {
  say "cloud up in $(elapsed) s$1: keystone $KEYSTONE_URL, glance $GLANCE_URL, cache node $GLANCE_CACHE_URL"
}

# ---------------------------------------------------------------- fast path
if [[ -d $RUN ]] && command -v curl >/dev/null && outputs_present && both_up; then
  done_line " (already running)"
  exit 0
fi

mkdir -p "$KS/policy.d" "$GL/images/fast" "$GL/images/cheap" "$GL/staging" \
  "$GL/tasks" "$GL/cache" "$GL/node-cache" "$GL/lock" "$GL/policy.d" "$LOG" "$RUN"
: >"$STATE/.glance-cloud-state" # marks the dir as ours (down.sh --purge checks it)

# One up.sh at a time per state dir. Daemons are started with fd 9 closed.
exec 9>"$RUN/up.lock"
flock -w 600 9 || fail "another up.sh holds $RUN/up.lock"
if outputs_present && both_up; then # another up.sh brought it up meanwhile
  done_line " (already running)"
  exit 0
fi

# ---------------------------------------------------------------- packages
PACKAGES=(keystone glance-api python3-glanceclient python3-openstackclient curl procps iproute2)

install_packages() {
  local missing=() p st created_policy=0 aptlog=$LOG/apt-install.log
  command -v dpkg-query >/dev/null || fail "dpkg-query not found: this script needs Debian bookworm"
  for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || st=
    if [[ $st != installed ]]; then missing+=("$p"); fi
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  [[ $SKIP_INSTALL != 1 ]] || fail "SKIP_INSTALL=1 but packages are missing: ${missing[*]}"
  [[ $(id -u) == 0 ]] || fail "packages missing (${missing[*]}); run as root or install them"
  say "installing ${missing[*]} (apt log: $aptlog)"
  # The postinsts would start the packaged daemons through /etc/init.d.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  local rc=0
  {
    apt-get update &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}"
  } >"$aptlog" 2>&1 9>&- </dev/null || rc=$?
  if [[ $created_policy == 1 ]]; then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
  [[ $rc == 0 ]] || fail "apt-get failed (exit $rc)" "$aptlog"
  say "packages installed ($(elapsed) s)"
}
install_packages

for b in keystone-manage glance-manage glance-api uwsgi_python3 /usr/bin/python3 curl setsid flock; do
  command -v "$b" >/dev/null || fail "$b not found"
done

# ---------------------------------------------------------------- config
# write_file PATH: stdin to PATH, atomically.
write_file() {
  cat >"$1.tmp.$$"
  mv -f "$1.tmp.$$" "$1"
}

# oslo.config expands $var in values; escape a literal $ as $$.
oslo_escape() { printf '%s' "${1//\$/\$\$}"; }

write_keystone_conf() {
  write_file "$KS/keystone.conf" <<EOF
# written by test/cloud/up.sh
[DEFAULT]
log_file = $LOG/keystone.log
use_stderr = false

[database]
connection = sqlite:///$KS/keystone.db

[token]
provider = fernet
expiration = 14400

[fernet_tokens]
key_repository = $KS/fernet-keys

[fernet_receipts]
key_repository = $KS/fernet-keys

[credential]
key_repository = $KS/credential-keys

[cache]
enabled = $KEYSTONE_CACHE
backend = dogpile.cache.memory

[identity]
password_hash_rounds = 4

[oslo_messaging_notifications]
driver = noop

[oslo_policy]
policy_dirs = $KS/policy.d
EOF
  # One process, one thread: SQLite objects are per thread, and the dogpile
  # memory cache is per process. uwsgi's http-socket closes the connection
  # after each response but answers HTTP/1.1 without saying so; clients that
  # reuse the pooled connection then get "Connection reset by peer". Hence
  # the explicit "Connection: close".
  write_file "$KS/uwsgi.ini" <<EOF
; written by test/cloud/up.sh
[uwsgi]
http-socket = 127.0.0.1:$KEYSTONE_PORT
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$KS
env = OS_KEYSTONE_CONFIG_FILES=keystone.conf
chdir = $KS
master = true
processes = $KEYSTONE_PROCESSES
threads = 1
lazy-apps = true
need-app = true
die-on-term = true
no-orphans = true
buffer-size = 65535
add-header = Connection: close
EOF
}

# write_glance_confs ENDPOINT_ID: glance-api.conf, and the cache node's overrides in
# glance-cache.conf (oslo.config reads both; the later file wins). ENDPOINT_ID is the image
# endpoint's id in Keystone, which the cache node's unified limits need (empty until the first
# bootstrap).
write_glance_confs() {
  write_file "$GL/glance-api.conf" <<EOF
# written by test/cloud/up.sh
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $GLANCE_PORT
workers = $GLANCE_WORKERS
log_file = $LOG/glance-api.log
use_stderr = false
enabled_backends = fast:file, cheap:file
enabled_import_methods = [glance-direct,web-download,copy-image]
node_staging_uri = file://$GL/staging
image_cache_dir = $GL/cache

[database]
connection = sqlite:///$GL/glance.db

[glance_store]
default_backend = fast

[fast]
filesystem_store_datadir = $GL/images/fast
store_description = Fast file store

[cheap]
filesystem_store_datadir = $GL/images/cheap
store_description = Cheap file store

[os_glance_staging_store]
filesystem_store_datadir = $GL/staging

[os_glance_tasks_store]
filesystem_store_datadir = $GL/tasks

[import_filtering_opts]
allowed_schemes = [http,https]
allowed_hosts = [127.0.0.1]
allowed_ports = []

[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:$KEYSTONE_PORT
auth_url = http://127.0.0.1:$KEYSTONE_PORT
auth_type = password
project_name = service
username = glance
password = $(oslo_escape "$GLANCE_PASSWORD")
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
service_token_roles_required = true

[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini

[oslo_concurrency]
lock_path = $GL/lock

[oslo_messaging_notifications]
driver = noop

[oslo_policy]
policy_dirs = $GL/policy.d
EOF
  write_file "$GL/glance-cache.conf" <<EOF
# written by test/cloud/up.sh: the cache node's settings over glance-api.conf
[DEFAULT]
bind_port = $GLANCE_CACHE_PORT
workers = $GLANCE_CACHE_WORKERS
log_file = $LOG/glance-cache.log
# Its own cache, as each node of a deployment has; the cache API (v2.14) needs the directory.
image_cache_dir = $GL/node-cache
# Image records carry "locations", and location-add/-update/-delete may change them
# (deprecated in Zed, still the only way before the v2.17 locations API).
show_multiple_locations = true
# web: a read-only http store. Locations must be in a store glance knows: file:// URLs are
# refused for safety, http:// ones pass the [import_filtering_opts] above (127.0.0.1, any port).
enabled_backends = fast:file, cheap:file, web:http
# Quotas from Keystone unified limits (the registered limits are made in the identity
# bootstrap), so that the usage command shows real limits and usage. Only here: each quota check
# costs glance four requests to this cloud's one-threaded keystone, and an upload makes two or
# three checks, which would slow every test and benchmark on glance-api.
use_keystone_limits = true

[web]
store_description = Read-only HTTP store for image locations

# How glance reads the limits: as the glance user (admin on project service, so it may read the
# image endpoint and the limits), for the image endpoint whose service and region the
# registered limits name.
[oslo_limit]
auth_url = http://127.0.0.1:$KEYSTONE_PORT
auth_type = password
username = glance
password = $(oslo_escape "$GLANCE_PASSWORD")
user_domain_name = Default
project_name = service
project_domain_name = Default
region_name = RegionOne
endpoint_id = $1

[paste_deploy]
# keystone + the cache middleware (downloads are cached and served from the cache) + the
# legacy cache management API.
flavor = keystone+cachemanagement
EOF
}

# run_logged LOGFILE WHAT CMD...: run CMD with output appended to LOGFILE.
run_logged() {
  local log=$1 what=$2 rc=0
  shift 2
  "$@" >>"$log" 2>&1 </dev/null 9>&- || rc=$?
  [[ $rc == 0 ]] || fail "$what failed (exit $rc)" "$log"
}

sqlite_wal() {
  /usr/bin/python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(sys.argv[1], c.execute("PRAGMA journal_mode=WAL").fetchone()[0])
c.close()' "$1"
}

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

# Keystone database, keys and bootstrap: only when the package version, the
# port or the admin password changed since the last successful run.
keystone_stamp() {
  local pw
  pw=$(printf '%s' "$ADMIN_PASSWORD" | sha256sum)
  printf 'keystone=%s port=%s admin=%s\n' "$(pkg_version keystone)" "$KEYSTONE_PORT" "${pw%% *}"
}

km() { keystone-manage --config-file "$KS/keystone.conf" --log-file "$LOG/keystone-manage.log" "$@"; }

keystone_setup() {
  local mlog=$LOG/keystone-manage.log user group
  user=$(id -un)
  group=$(id -gn)
  run_logged "$mlog" "keystone-manage db_sync" km db_sync
  run_logged "$mlog" "keystone-manage fernet_setup" \
    km fernet_setup --keystone-user "$user" --keystone-group "$group"
  run_logged "$mlog" "keystone-manage credential_setup" \
    km credential_setup --keystone-user "$user" --keystone-group "$group"
  run_logged "$mlog" "sqlite WAL for keystone.db" sqlite_wal "$KS/keystone.db"
  OS_BOOTSTRAP_PASSWORD=$ADMIN_PASSWORD run_logged "$mlog" "keystone-manage bootstrap" \
    km bootstrap --bootstrap-username admin --bootstrap-project-name admin \
    --bootstrap-role-name admin --bootstrap-service-name keystone \
    --bootstrap-region-id RegionOne \
    --bootstrap-admin-url "$KEYSTONE_URL" --bootstrap-internal-url "$KEYSTONE_URL" \
    --bootstrap-public-url "$KEYSTONE_URL"
}

glance_stamp() { printf 'glance=%s\n' "$(pkg_version glance-common)"; }

gm() { glance-manage --config-file "$GL/glance-api.conf" --log-file "$LOG/glance-manage.log" "$@"; }

glance_setup() {
  local mlog=$LOG/glance-manage.log
  run_logged "$mlog" "glance-manage db_sync" gm db_sync
  run_logged "$mlog" "sqlite WAL for glance.db" sqlite_wal "$GL/glance.db"
  if [[ $LOAD_METADEFS == 1 && ! -e $GL/metadefs.loaded ]]; then
    run_logged "$mlog" "glance-manage db_load_metadefs" gm db_load_metadefs /etc/glance/metadefs
    : >"$GL/metadefs.loaded"
  fi
}

# start_daemon NAME LOGFILE CMD...: start CMD in its own session (so it leads
# its own process group), detached from our stdio, pid in run/NAME.pid.
start_daemon() {
  local name=$1 log=$2 i
  shift 2
  rm -f "$RUN/$name.pid"
  # shellcheck disable=SC2016 # $$ and $@ expand in the child shell
  setsid /bin/sh -c 'echo "$$" >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' \
    "$RUN/$name.pid" "$@" </dev/null >>"$log" 2>&1 9>&- &
  for ((i = 0; i < 100; i++)); do
    [[ -s $RUN/$name.pid ]] && return 0
    sleep 0.05
  done
  fail "$name did not start" "$log"
}

# wait_http NAME URL LOGFILE...: wait up to 60 s for URL to answer 200.
wait_http() {
  local name=$1 url=$2 deadline
  shift 2
  now_ms
  deadline=$((NOW_MS + 60000))
  while ! http_ok "$url"; do
    pid_of "$name" >/dev/null || fail "$name exited during startup" "$@"
    now_ms
    ((NOW_MS < deadline)) || fail "$name did not answer $url within 60 s" "$@"
    sleep 0.2
  done
}

# ---------------------------------------------------------------- daemons
K_PID=$(pid_of keystone) || K_PID=
G_PID=$(pid_of glance-api) || G_PID=
C_PID=$(pid_of glance-cache) || C_PID=

# A running daemon is never reconfigured: it must already use the wanted port.
if [[ -n $K_PID ]]; then
  p=$(keystone_conf_port)
  [[ $p == "$KEYSTONE_PORT" ]] ||
    fail "keystone (pid $K_PID) runs on port $p, not $KEYSTONE_PORT; run test/cloud/down.sh $STATE first"
fi
if [[ -n $G_PID ]]; then
  p=$(glance_conf_port)
  [[ $p == "$GLANCE_PORT" ]] ||
    fail "glance-api (pid $G_PID) runs on port $p, not $GLANCE_PORT; run test/cloud/down.sh $STATE first"
fi
if [[ -n $C_PID ]]; then
  p=$(glance_cache_conf_port)
  [[ $p == "$GLANCE_CACHE_PORT" ]] ||
    fail "glance-cache (pid $C_PID) runs on port $p, not $GLANCE_CACHE_PORT; run test/cloud/down.sh $STATE first"
fi
for pair in "keystone:$K_PID:$KEYSTONE_PORT" "glance-api:$G_PID:$GLANCE_PORT" "glance-cache:$C_PID:$GLANCE_CACHE_PORT"; do
  IFS=: read -r name pid port <<<"$pair"
  if [[ -z $pid ]] && ! port_free "$port"; then
    ss -ltnp "sport = :$port" >&2 2>/dev/null || true
    fail "port 127.0.0.1:$port (for $name) is already in use by another process"
  fi
done

# The image endpoint's id, which the cache node's [oslo_limit] needs, as the last bootstrap found
# it. On the first run Keystone has not made the endpoint yet: the cache node then starts after
# the identity bootstrap instead of beside keystone.
ENDPOINT_ID_FILE=$KS/image-endpoint-id
KNOWN_ENDPOINT_ID=$(cat "$ENDPOINT_ID_FILE" 2>/dev/null) || KNOWN_ENDPOINT_ID=

G_SETUP_PID=
if [[ -z $G_PID || -z $C_PID ]]; then
  write_glance_confs "$KNOWN_ENDPOINT_ID"
  if [[ $(glance_stamp) != "$(cat "$GL/setup.stamp" 2>/dev/null)" ]]; then
    say "glance: db_sync$([[ $LOAD_METADEFS == 1 && ! -e $GL/metadefs.loaded ]] && echo ' + metadefs')"
    (glance_setup && glance_stamp >"$GL/setup.stamp") 2>>"$LOG/glance-manage.log" &
    G_SETUP_PID=$!
  fi
fi

if [[ -z $K_PID ]]; then
  write_keystone_conf
  if [[ $(keystone_stamp) != "$(cat "$KS/setup.stamp" 2>/dev/null)" ]]; then
    say "keystone: db_sync, fernet/credential keys, bootstrap"
    keystone_setup
    keystone_stamp >"$KS/setup.stamp"
  fi
  say "keystone: starting on 127.0.0.1:$KEYSTONE_PORT"
  start_daemon keystone "$LOG/keystone-uwsgi.log" uwsgi_python3 --ini "$KS/uwsgi.ini"
fi

if [[ -n $G_SETUP_PID ]]; then
  wait "$G_SETUP_PID" || fail "glance database setup failed" "$LOG/glance-manage.log"
fi
if [[ -z $G_PID ]]; then
  say "glance: starting on 127.0.0.1:$GLANCE_PORT ($GLANCE_WORKERS workers)"
  start_daemon glance-api "$LOG/glance-api.stdout.log" \
    glance-api --config-file "$GL/glance-api.conf"
fi
start_glance_cache() {
  say "glance cache node: starting on 127.0.0.1:$GLANCE_CACHE_PORT ($GLANCE_CACHE_WORKERS workers)"
  start_daemon glance-cache "$LOG/glance-cache.stdout.log" \
    glance-api --config-file "$GL/glance-api.conf" --config-file "$GL/glance-cache.conf"
}
if [[ -z $C_PID && -n $KNOWN_ENDPOINT_ID ]]; then
  start_glance_cache
  C_PID=started
fi

wait_http keystone "$KEYSTONE_URL" "$LOG/keystone-uwsgi.log" "$LOG/keystone.log"

# ---------------------------------------------------------------- identity
say "keystone: projects, users, roles, image endpoints"
IDS=$(
  KS_AUTH_URL=$KEYSTONE_URL GLANCE_ENDPOINT=$GLANCE_URL \
    ADMIN_PASSWORD=$ADMIN_PASSWORD DEMO_PASSWORD=$DEMO_PASSWORD \
    GLANCE_PASSWORD=$GLANCE_PASSWORD \
    /usr/bin/python3 - 2>>"$LOG/bootstrap.log" 9>&- <<'PY'
import os
import sys

from keystoneauth1 import exceptions as ka_exc
from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

AUTH_URL = os.environ["KS_AUTH_URL"]
REGION = "RegionOne"


def log(msg):
    print(msg, file=sys.stderr)


def make_session(user, password, project=None):
    kw = dict(auth_url=AUTH_URL, username=user, password=password,
              user_domain_id="default")
    if project:
        kw.update(project_name=project, project_domain_id="default")
    return session.Session(auth=v3.Password(**kw))


try:
    admin = make_session("admin", os.environ["ADMIN_PASSWORD"], "admin")
    admin.get_token()
except ka_exc.Unauthorized:
    sys.exit("admin login failed: is ADMIN_PASSWORD the one this state dir "
             "was created with? (run down.sh, then up.sh, to re-bootstrap)")
ks = client.Client(session=admin, endpoint_override=AUTH_URL,
                   interface="public", region_name=REGION)


def only(items, what):
    if len(items) > 1:
        sys.exit("more than one %s" % what)
    return items[0] if items else None


def project(name, description):
    p = only(ks.projects.list(name=name, domain="default"), "project " + name)
    if p is None:
        p = ks.projects.create(name=name, domain="default",
                               description=description)
        log("created project %s %s" % (name, p.id))
    return p


def user(name, password, default_project):
    u = only(ks.users.list(name=name, domain="default"), "user " + name)
    if u is None:
        u = ks.users.create(name=name, domain="default", password=password,
                            default_project=default_project, enabled=True)
        log("created user %s %s" % (name, u.id))
        return u
    try:
        make_session(name, password).get_token()
    except ka_exc.Unauthorized:
        # Only reset when needed: a password change revokes the user's tokens.
        ks.users.update(u, password=password, enabled=True)
        log("reset password of user %s" % name)
    return u


roles = {r.name: r for r in ks.roles.list()}


def grant(u, p, *names):
    have = {a.role["id"] for a in ks.role_assignments.list(user=u, project=p)}
    for n in names:
        if roles[n].id not in have:
            ks.roles.grant(roles[n], user=u, project=p)
            log("granted %s on %s to %s" % (n, p.name, u.name))


admin_project = project("admin", "Bootstrap project")
admin_user = only(ks.users.list(name="admin", domain="default"), "user admin")

service = project("service", "Service project")
glance = user("glance", os.environ["GLANCE_PASSWORD"], service)
grant(glance, service, "admin")

ids = {"ADMIN": (admin_project, admin_user)}
for name in ("demo", "alt_demo"):
    p = project(name, "Integration test project " + name)
    u = user(name, os.environ["DEMO_PASSWORD"], p)
    grant(u, p, "member", "reader")
    ids[name.upper()] = (p, u)

svc = only([s for s in ks.services.list(type="image") if s.name == "glance"],
           "image service glance")
if svc is None:
    svc = ks.services.create(name="glance", type="image",
                             description="OpenStack Image service")
    log("created service glance %s" % svc.id)
url = os.environ["GLANCE_ENDPOINT"]
endpoints = ks.endpoints.list(service=svc)
for interface in ("public", "internal", "admin"):
    mine = [e for e in endpoints
            if e.interface == interface and e.region_id == REGION]
    if not mine:
        ks.endpoints.create(svc, url, interface=interface, region_id=REGION)
        log("created %s image endpoint %s" % (interface, url))
    elif mine[0].url != url:
        ks.endpoints.update(mine[0], url=url)
        log("updated %s image endpoint to %s" % (interface, url))

# Unified limits: what every project may use of the image service by default (glance's
# use_keystone_limits; sizes in MiB). Generous, so that no test or benchmark reaches them.
LIMITS = {
    "image_size_total": 1048576,  # 1 TiB of image data
    "image_stage_total": 1048576,  # 1 TiB of data staged for import
    "image_count_total": 100000,  # images
    "image_count_uploading": 1000,  # images being uploaded or imported at once
}
registered = {r.resource_name: r
              for r in ks.registered_limits.list(service=svc, region=REGION)}
for name, default in LIMITS.items():
    limit = registered.get(name)
    if limit is None:
        ks.registered_limits.create(svc, name, default, region=REGION)
        log("registered limit %s = %d" % (name, default))
    elif limit.default_limit != default:
        ks.registered_limits.update(limit, default_limit=default)
        log("registered limit %s updated to %d" % (name, default))

public = [e for e in ks.endpoints.list(service=svc)
          if e.interface == "public" and e.region_id == REGION]
print("IMAGE_ENDPOINT_ID=%s" % public[0].id)
for key, (p, u) in ids.items():
    print("%s_PROJECT_ID=%s" % (key, p.id))
    print("%s_USER_ID=%s" % (key, u.id))
PY
) || fail "identity bootstrap failed" "$LOG/bootstrap.log"

IMAGE_ENDPOINT_ID=$(sed -n 's/^IMAGE_ENDPOINT_ID=//p' <<<"$IDS")
[[ -n $IMAGE_ENDPOINT_ID ]] || fail "the identity bootstrap found no public image endpoint" "$LOG/bootstrap.log"
if [[ $IMAGE_ENDPOINT_ID != "$KNOWN_ENDPOINT_ID" ]]; then
  printf '%s\n' "$IMAGE_ENDPOINT_ID" | write_file "$ENDPOINT_ID_FILE"
  # A cache node started with another id would fail every quota check (only a Keystone database
  # made anew under a kept state dir can get here).
  [[ -z $KNOWN_ENDPOINT_ID ]] ||
    fail "the image endpoint is now $IMAGE_ENDPOINT_ID, not $KNOWN_ENDPOINT_ID; run test/cloud/down.sh $STATE, then up.sh"
  write_glance_confs "$IMAGE_ENDPOINT_ID"
  if [[ -z $C_PID ]]; then
    start_glance_cache
  else
    say "glance-cache (pid $C_PID) runs without the image endpoint id: run down.sh, then up.sh, for its quotas"
  fi
fi

wait_http glance-api "$GLANCE_URL/healthcheck" "$LOG/glance-api.stdout.log" "$LOG/glance-api.log"
wait_http glance-cache "$GLANCE_CACHE_URL/healthcheck" "$LOG/glance-cache.stdout.log" "$LOG/glance-cache.log"

# ---------------------------------------------------------------- outputs
# write_openrc USER PROJECT PASSWORD
write_openrc() {
  write_file "$STATE/$1-openrc.sh" <<EOF
# $1 credentials for the test cloud in $STATE (written by test/cloud/up.sh)
unset OS_TOKEN OS_URL OS_CLOUD OS_TENANT_ID OS_TENANT_NAME OS_IMAGE_URL
export OS_USERNAME=$(printf '%q' "$1")
export OS_PASSWORD=$(printf '%q' "$3")
export OS_PROJECT_NAME=$(printf '%q' "$2")
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_AUTH_URL=$KEYSTONE_URL
export OS_IDENTITY_API_VERSION=3
export OS_IMAGE_API_VERSION=2
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
export OS_AUTH_TYPE=password
export no_proxy=127.0.0.1,localhost,::1
EOF
}

yaml_quote() { printf "'%s'" "${1//\'/\'\'}"; }

clouds_entry() {
  cat <<EOF
  os-cloud-$1:
    auth_type: password
    auth:
      auth_url: $KEYSTONE_URL
      username: $(yaml_quote "$1")
      password: $(yaml_quote "$3")
      project_name: $(yaml_quote "$2")
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
    image_api_version: 2
EOF
}

write_openrc admin admin "$ADMIN_PASSWORD"
write_openrc demo demo "$DEMO_PASSWORD"
write_openrc alt_demo alt_demo "$DEMO_PASSWORD"
{
  echo "# test cloud in $STATE (written by test/cloud/up.sh)"
  echo "clouds:"
  clouds_entry admin admin "$ADMIN_PASSWORD"
  clouds_entry demo demo "$DEMO_PASSWORD"
  clouds_entry alt_demo alt_demo "$DEMO_PASSWORD"
} | write_file "$STATE/clouds.yaml"
{
  echo "STATE=$STATE"
  echo "KEYSTONE_URL=$KEYSTONE_URL"
  echo "GLANCE_URL=$GLANCE_URL"
  echo "KEYSTONE_PORT=$KEYSTONE_PORT"
  echo "GLANCE_PORT=$GLANCE_PORT"
  echo "GLANCE_CACHE_URL=$GLANCE_CACHE_URL"
  echo "GLANCE_CACHE_PORT=$GLANCE_CACHE_PORT"
  printf '%s\n' "$IDS"
} | write_file "$STATE/cloud.env"

done_line ""
