#!/usr/bin/env bash
# Stops the loopback OpenStack that up.sh started: only the processes whose PIDs up.sh recorded (each
# with its own process group), in reverse start order. Keeps the state directory (databases, keys,
# settings), so the next up.sh starts in about a minute; `down.sh --purge` deletes it too.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

purge=0
for arg in "$@"; do
  case $arg in
    --purge) purge=1 ;;
    *)
      echo "down.sh: unknown argument $arg (use --purge or nothing)" >&2
      exit 2
      ;;
  esac
done

if [[ -d $RUN_DIR ]]; then
  for name in nova-api nova-compute nova-scheduler nova-conductor neutron placement \
    cinder-volume cinder-scheduler cinder-api glance keystone rabbitmq epmd mariadb; do
    stop "$name"
  done
fi
if ((purge)); then
  rm -rf "$STATE"
  echo "removed $STATE" >&2
fi
