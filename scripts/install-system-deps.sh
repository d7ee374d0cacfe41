#!/usr/bin/env bash
# Installs the Debian packages some tests need, when missing:
#   xmllint (libxml2-utils)  validates JUnit XML against the XSD in the reporters' fixtures
#   chromium                 opens the HTML report in a headless browser test
#   openssl                  makes a self-signed certificate for the private-CA (cacert) test
#   prometheus               scrapes live runs in the metrics test (its promtool checks the exposition)
#   python3-tempest          Tempest's response schemas, the fake cloud's conformance suite
#   python3-openstackclient  the `openstack` CLI the fake cloud's CLI tests drive
#   python3-cinderclient     the `cinder` CLI (the volume commands' client library)
#   rally, python3-rally-openstack  the Rally task the fake cloud's Rally test runs
# Safe to run again; does nothing when all are present. Needs root (or sudo) and apt.
set -euo pipefail
missing=()
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
/usr/bin/python3 -c 'import tempest.lib.api_schema' >/dev/null 2>&1 || missing+=(python3-tempest)
[ -x /usr/bin/openstack ] || missing+=(python3-openstackclient)
/usr/bin/python3 -c 'import cinderclient' >/dev/null 2>&1 || missing+=(python3-cinderclient)
[ -x /usr/bin/rally ] || missing+=(rally)
/usr/bin/python3 -c 'import rally_openstack' >/dev/null 2>&1 || missing+=(python3-rally-openstack)
if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps: xmllint, chromium, openssl, prometheus, tempest, openstackclient, cinderclient and rally present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    echo "system deps: missing ${missing[*]} and not root: install them with apt-get (the JUnit, HTML report, cacert, metrics and fake-cloud conformance, CLI and Rally tests need them)" >&2
    exit 0
  fi
fi
echo "system deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system deps: installed ${missing[*]}"
