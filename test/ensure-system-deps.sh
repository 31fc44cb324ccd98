#!/usr/bin/env bash
# The tests need Debian's Chromium (browser journeys), PostgreSQL server binaries (integration tests on a
# real server) and poppler-utils' pdftotext (the post-mortem PDF journey). Installs them when missing and we are root; otherwise says what to install.
set -euo pipefail
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ] || need+=(postgresql)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils) # the post-mortem PDF journey reads the PDF's text
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing system packages: ${need[*]} (install them, e.g. sudo apt-get install ${need[*]})" >&2
  exit 1
fi
echo "installing system packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
