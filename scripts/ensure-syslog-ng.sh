#!/usr/bin/env bash
# The shipper tests run Debian's syslog-ng with its http() destination against a live EdgeSIEM.
set -euo pipefail
if [ -x /usr/sbin/syslog-ng ] && compgen -G "/usr/lib/syslog-ng/*/libhttp.so" >/dev/null; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "The shipper tests need syslog-ng: run 'sudo apt-get install -y syslog-ng-core syslog-ng-mod-http' first." >&2
  exit 1
fi
echo "Installing Debian's syslog-ng-core and syslog-ng-mod-http for the shipper tests..." >&2
apt-get update -qq
# Only the binary and the module are needed: the tests start their own syslog-ng, never the service.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends syslog-ng-core syslog-ng-mod-http >/dev/null
