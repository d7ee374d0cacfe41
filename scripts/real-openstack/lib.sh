# Shared by up.sh and down.sh: where the state lives and how daemons are started, checked and stopped.
# Every daemon runs in its own session (process group), logs to $LOG_DIR/<name>.log and has its PID in
# $RUN_DIR/<name>.pid; only those PIDs (and their process groups) are ever signalled.

# System tools first: a pyenv or other python3 earlier on PATH lacks the OpenStack modules.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

STATE=${TRACK_OPENSTACK_STATE:-/var/lib/track-openstack}
ETC=$STATE/etc
LOG_DIR=$STATE/log
RUN_DIR=$STATE/run
DONE_DIR=$STATE/done
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf '%s up: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# fail SERVICE MESSAGE: names the service, prints the tail of its log, exits 1.
fail() {
  local service=$1
  shift
  printf 'real-openstack: %s: %s\n' "$service" "$*" >&2
  if [[ -s $LOG_DIR/$service.log ]]; then
    printf -- '--- last 40 lines of %s ---\n' "$LOG_DIR/$service.log" >&2
    tail -n 40 "$LOG_DIR/$service.log" >&2
    printf -- '--- end of %s ---\n' "$LOG_DIR/$service.log" >&2
  fi
  exit 1
}

# running NAME: true when NAME's recorded PID is alive.
running() {
  local pid
  [[ -s $RUN_DIR/$1.pid ]] || return 1
  pid=$(<"$RUN_DIR/$1.pid")
  kill -0 "$pid" 2>/dev/null
}

# start NAME COMMAND...: starts COMMAND in its own session unless NAME is running; records its PID.
# With CONFIG="file..." set, a running NAME whose configuration files changed since it started is
# restarted.
start() {
  local name=$1 sum=""
  shift
  [[ -n ${CONFIG:-} ]] && sum=$(cat $CONFIG | md5sum | cut -d' ' -f1)
  if running "$name"; then
    if [[ $sum == "$(cat "$RUN_DIR/$name.config" 2>/dev/null)" ]]; then
      log "$name already running (pid $(<"$RUN_DIR/$name.pid"))"
      return 0
    fi
    log "$name: configuration changed, restarting"
    stop "$name"
  fi
  log "starting $name"
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  echo "$sum" >"$RUN_DIR/$name.config"
}

# stop NAME: SIGTERM to NAME's process group, SIGKILL after 20 s; removes the PID file.
stop() {
  local name=$1 pid i
  [[ -s $RUN_DIR/$name.pid ]] || return 0
  pid=$(<"$RUN_DIR/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 40; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    echo "stopped $name (pid $pid)" >&2
  fi
  # Children left in the group (workers) go with it.
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/$name.pid"
}

# wait_for SERVICE SECONDS COMMAND...: retries COMMAND every second until it succeeds; fails SERVICE
# (with its log) when the time is up or the service's process died.
wait_for() {
  local service=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [[ -s $RUN_DIR/$service.pid ]] && ! running "$service"; then
      fail "$service" "exited while starting (see its log)"
    fi
    if ((SECONDS >= deadline)); then
      fail "$service" "not ready after ${seconds} s (waited for: $*)"
    fi
    sleep 1
  done
}

# once MARKER COMMAND...: runs COMMAND unless MARKER was recorded by an earlier successful run.
once() {
  local marker=$1
  shift
  [[ -e $DONE_DIR/$marker ]] && return 0
  "$@" || return 1
  touch "$DONE_DIR/$marker"
}

# http_ok URL: the URL answers (any HTTP status below 500).
http_ok() {
  local code
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1") || return 1
  [[ $code != 000 && $code -lt 500 ]]
}
