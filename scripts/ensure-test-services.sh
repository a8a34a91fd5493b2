#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Everything the test suite needs outside Python: PostgreSQL (and, once browser tests
# exist, Debian's Chromium). Each step is a no-op where the service is already there.
set -euo pipefail
here=$(dirname "$0")
"$here/ensure-postgres.sh"
for extra in "$here"/test-services.d/*.sh; do
  [ -e "$extra" ] && "$extra"
done
exit 0
