#!/usr/bin/env bash
# Installs the Debian bookworm packages the loopback OpenStack needs, without starting any service.
# Idempotent: packages already installed are left as they are. Needs root and Debian's apt.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "install-packages.sh: needs root (apt-get install)" >&2
  exit 1
fi

PACKAGES=(
  mariadb-server python3-pymysql rabbitmq-server
  uwsgi-core uwsgi-plugin-python3
  keystone python3-keystone
  cinder-api cinder-scheduler cinder-volume python3-cinder
  glance-api
  placement-api python3-nova nova-common
  neutron-server
  python3-openstackclient
  qemu-utils
  procps curl
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-packages.sh: all packages installed"
  exit 0
fi

# Keep maintainer scripts from starting daemons.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

# Answer every configuration question with "no": up.sh configures the services itself.
preseed=""
for pkg in keystone cinder-common cinder-api nova-common nova-api placement-common placement-api \
  glance-common glance-api neutron-common neutron-server; do
  for q in configure_db dbconfig-install dbconfig-upgrade dbconfig-remove; do
    preseed+="$pkg $pkg/$q boolean false"$'\n'
  done
  for q in register-endpoint configure_rabbit configure_ksat create-admin-tenant; do
    preseed+="$pkg $pkg/$q boolean false"$'\n'
  done
done
printf '%s' "$preseed" | debconf-set-selections

export DEBIAN_FRONTEND=noninteractive
if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1) ]]; then
  apt-get update
fi
apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confdef \
  -o Dpkg::Options::=--force-confold "${missing[@]}"
