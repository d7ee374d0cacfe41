#!/usr/bin/env bash
# The real-OpenStack CI step (and `pnpm test:openstack`): brings the loopback cloud up twice and runs,
# through vitest so every result is counted:
#   1. Cinder only (up.sh --no-compute): the volume scenarios through the built CLI, `cleanup`, the
#      admin's all-projects check that nothing is left, the volume latencies;
#   2. everything (up.sh): the clients' contract suite (its real-cloud target), all six scenarios,
#      the fake's field-by-field comparison with the real cloud,
#      `cleanup`, the leak check, a SIGINT at a random moment of cinder-stress, the latencies.
# Prints the latency tables and the durations, writes a report for .ci/count-tests.mjs, and stops the
# cloud (down.sh; --keep leaves it running). A cloud that does not come up is a counted failure.
#
#   ci.sh [--report FILE] [--keep]   FILE defaults to .ci-reports/real-openstack.json
#   TRACK_REAL_CLOUD_SECONDS=20      seconds each scenario runs
# Needs root, the Debian registry (first run: ~5 min of installs) and a built workspace (pnpm build).
set -uo pipefail
# The whole script is one block, read before it runs: editing the file during a run cannot derail it.
{
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/scripts/real-openstack
STATE=${TRACK_OPENSTACK_STATE:-/var/lib/track-openstack}
PNPM=(npx -y pnpm@10.34.8)
report=.ci-reports/real-openstack.json
keep=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --report)
      report=$2
      shift 2
      ;;
    --keep)
      keep=1
      shift
      ;;
    *)
      echo "ci.sh: unknown argument $1 (use --report FILE, --keep)" >&2
      exit 2
      ;;
  esac
done
mkdir -p "$(dirname "$report")"
report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
# Written only when a bring-up fails: what failed, up.sh's message and the service's log tail (.ci/run
# prints it at its very end).
failure_file=$(dirname "$report")/real-openstack-failure.txt
rm -f "$failure_file"
work=$(mktemp -d /tmp/track-real-openstack.XXXXXX)
failures=$work/failures.txt
latencies=$work/latencies.txt
: >"$failures"
: >"$latencies"
timings=()
started=$SECONDS

# phase NAME COMMAND...: runs COMMAND, records its duration; its status is returned.
phase() {
  local name=$1 t0=$SECONDS status
  shift
  printf '\n--- real OpenStack: %s (%s s)\n' "$name" "$((SECONDS - started))"
  "$@"
  status=$?
  timings+=("$(printf '%-44s %5d s  %s' "$name" "$((SECONDS - t0))" "$([[ $status -eq 0 ]] && echo ok || echo "FAILED (exit $status)")")")
  return "$status"
}

# vitest_in PACKAGE_DIR REPORT_NAME MODE FILES_AND_ARGS...: runs vitest on the real cloud.
vitest_in() {
  local dir=$1 name=$2 mode=$3
  shift 3
  (
    set -a
    # shellcheck disable=SC1091
    source "$STATE/env.sh"
    set +a
    export TRACK_REAL_CLOUD=$mode TRACK_REAL_CLOUD_REPORT=$latencies
    cd "$dir" && "${PNPM[@]}" exec vitest run "$@" --reporter=default --reporter=json \
      --outputFile.json="$work/$name.json"
  )
}

# sweep MODE PREFIX [COUNT]: deletes, as admin in every project, what a phase left named PREFIX*;
# with COUNT, each such resource is a counted failure of that phase.
sweep() {
  local mode=$1 prefix=$2 count=${3:-} line
  # The admin password lives in the state directory's secrets file (0600): loaded in a subshell only.
  (
    set -a
    # shellcheck disable=SC1091
    source "$STATE/secrets.env"
    set +a
    /usr/bin/python3 "$HERE/setup-cloud.py" sweep "$mode" "$prefix"
  ) >"$work/sweep.out" 2>>"$work/sweep.err" || {
    echo "real OpenStack: the sweep of $prefix* failed (see $work/sweep.err)" >&2
    [[ -n $count ]] && printf '%s: sweep of %s*\tthe leak check could not run (see %s)\n' "$count" "$prefix" "$work/sweep.err" >>"$failures"
  }
  while IFS= read -r line; do
    echo "real OpenStack: left on the cloud: $line" >&2
    [[ -n $count ]] && printf '%s left %s on the cloud\tnot deleted by its test\n' "$count" "$line" >>"$failures"
  done <"$work/sweep.out"
}

install_packages() { bash "$HERE/install-packages.sh" >"$work/install.log" 2>&1 || { tail -n 40 "$work/install.log" >&2; return 1; }; }

# redact: copies stdin to stdout with every password of the state directory's secrets file, and the
# password of any `scheme://user:password@` URL, replaced by ***.
redact() {
  local text key value
  text=$(cat)
  if [[ -r $STATE/secrets.env ]]; then
    while IFS='=' read -r key value; do
      [[ -n $value ]] && text=${text//"$value"/***}
    done <"$STATE/secrets.env"
  fi
  printf '%s\n' "$text" | sed -E 's#(://[^:/@[:space:]]+:)[^@[:space:]]+@#\1***@#g'
}

# one_line: stdin as one line of the failures file (ci-report.mjs reads it back): tabs become spaces,
# backslashes and newlines are written \\ and \n.
one_line() { sed -e 's/\\/\\\\/g' -e 's/\t/ /g' | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'; }

# up_failure ERR_FILE: what made up.sh fail, for a reader of CI's last lines: up.sh's own
# `real-openstack: <service>: <message>` line from ERR_FILE (its kept stderr) and the last 15 lines of
# that service's log; without such a line, the last 15 lines of ERR_FILE. Secrets redacted.
up_failure() {
  local err=$1 line service log
  line=$(grep -a '^real-openstack: ' "$err" | tail -n 1)
  if [[ -z $line ]]; then
    printf 'up.sh named no service; the last 15 lines of its stderr (%s):\n' "$err"
    tail -n 15 "$err"
  else
    service=${line#real-openstack: }
    service=${service%%: *}
    log=$STATE/log/$service.log
    printf '%s\n' "$line"
    if [[ -s $log ]]; then
      printf -- '--- last 15 lines of %s ---\n' "$log"
      tail -n 15 "$log"
    else
      printf '(no log file %s)\n' "$log"
    fi
  fi | sed -e 's/\x1b\[[0-9;]*m//g' | redact
}

# bring_up NAME TITLE ARGS...: runs up.sh ARGS; its stdout goes to $work/up-NAME.out, its stderr is
# shown and kept in $work/up-NAME.err. When it fails, the failure, named TITLE with up.sh's message
# and its service's log tail (up_failure), goes to the failures file and to $failure_file.
bring_up() {
  local name=$1 title=$2 status details command
  shift 2
  command="up.sh${*:+ $*}"
  env TRACK_OPENSTACK_SKIP_INSTALL=1 bash "$HERE/up.sh" "$@" 2>&1 >"$work/up-$name.out" | tee "$work/up-$name.err" >&2
  status=${PIPESTATUS[0]}
  ((status == 0)) && return 0
  details=$(up_failure "$work/up-$name.err")
  printf '%s\t%s failed (exit %s): %s\n' "$title" "$command" "$status" "$(printf '%s' "$details" | one_line)" \
    >>"$failures"
  {
    printf '=== real OpenStack: %s failed (%s, exit %s)\n' "$title" "$command" "$status"
    printf '%s\n' "$details"
    printf -- '--- up.sh'"'"'s whole stderr: %s; every service log: %s/log\n\n' "$work/up-$name.err" "$STATE"
  } >>"$failure_file"
  return "$status"
}

if ! phase "install packages (apt)" install_packages; then
  printf 'install the Debian packages\tapt-get install failed (see the log above)\n' >>"$failures"
  {
    printf '=== real OpenStack: installing the Debian packages failed; the last 15 lines of %s:\n' "$work/install.log"
    tail -n 15 "$work/install.log"
  } >>"$failure_file"
else
  # 1. A Cinder-only cloud.
  if phase "bring up: Cinder only (up.sh --no-compute)" bring_up volume "bring up the Cinder-only cloud" --no-compute; then
    sweep volume track- # what an earlier, interrupted run left
    phase "Cinder-only cloud: scenarios, cleanup, leak check" \
      vitest_in apps/cinder-stress volume-only volume test/real-cloud.e2e.test.ts
    sweep volume track-
  fi
  # 2. The whole cloud.
  if phase "bring up: all services (up.sh)" bring_up all "bring up the whole cloud"; then
    sweep all track-
    phase "contract suite (real-cloud target)" \
      vitest_in packages/openstack-clients contract all test/contract/clients.contract.test.ts \
      --testNamePattern 'contract: real cloud'
    sweep all track-contract- "the contract suite"
    phase "fake vs real cloud, field by field" \
      vitest_in packages/fake-openstack compare all test/real-cloud-comparison.test.ts
    sweep all track-compare- "the field-by-field comparison"
    phase "all scenarios, cleanup, SIGINT, leak check" \
      vitest_in apps/cinder-stress full all test/real-cloud.e2e.test.ts
    sweep all track-
  fi
fi

if [[ -s $latencies ]]; then
  printf '\n=== real OpenStack latencies (Zed on loopback, fake virt and volume drivers)\n'
  cat "$latencies"
fi
if ((keep)); then
  echo "real OpenStack: left running (down.sh stops it); settings in $STATE/env.sh" >&2
else
  phase "down.sh" bash "$HERE/down.sh"
fi
printf '\n=== real OpenStack durations\n'
printf '%s\n' "${timings[@]}"
printf '%-44s %5d s\n' "total" "$((SECONDS - started))"
vitest_reports=()
for name in volume-only contract compare full; do
  # A phase that ran vitest must have left its report; one that never ran (no cloud) is counted above.
  grep -q "^bring up the $([[ $name == volume-only ]] && echo Cinder-only || echo whole) cloud" "$failures" ||
    vitest_reports+=("$work/$name.json")
done
grep -q '^install the Debian packages' "$failures" && vitest_reports=()
node "$HERE/ci-report.mjs" "$report" "$failures" "${vitest_reports[@]}"
node -e 'const r = require(process.argv[1]); process.exit(r.failed.length ? 1 : 0)' "$report"
exit
}
