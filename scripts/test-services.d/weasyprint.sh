#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# System libraries for PDF reports (WeasyPrint needs Pango) and poppler-utils (pdftoppm)
# for the tests that render report pages to images. A no-op where everything is installed.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Für PDF-Berichte fehlen: ${missing[*]} – installiere aus den Debian-Paketen …"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exit 0
