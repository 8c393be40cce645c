#!/usr/bin/env bash
# Installs the Debian packages the tests use (real Redis, PostgreSQL, Prometheus, Alertmanager,
# espeak-ng and ffmpeg for voice-note clips, Chromium for the console's browser tests) when any is missing. Needs root for apt-get.
set -euo pipefail
missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have redis-server || missing+=(redis-server)
{ have initdb || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || missing+=(postgresql)
have psql || missing+=(postgresql-client)
have prometheus || missing+=(prometheus)
have promtool || missing+=(prometheus)
have prometheus-alertmanager || missing+=(prometheus-alertmanager)
have amtool || missing+=(prometheus-alertmanager)
have espeak-ng || missing+=(espeak-ng)
have ffmpeg || missing+=(ffmpeg)
have chromium || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" -ne 0 ] || ! have apt-get; then
  echo "missing system packages: $pkgs (install them, e.g. sudo apt-get install $pkgs)" >&2
  exit 1
fi
echo "installing: $pkgs"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
