#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Debian's Chromium for the browser tests (Playwright drives it via executable_path;
# Playwright's own browser download is never used). A no-op where it is installed.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium fehlt: installiere es aus den Debian-Paketen …"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi
exit 0
