#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 for user postgres without a password,
# with a database "test". Starts an installed cluster, or installs PostgreSQL from Debian's
# packages where it is missing. Used by `make test` and CI; harmless where all is in place.
set -euo pipefail

HOST=127.0.0.1
PORT=5432

ready() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }
can_login() { psql -h "$HOST" -p "$PORT" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL fehlt: installiere es aus den Debian-Paketen …"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi

if ! ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starte PostgreSQL $version …"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi

if ! can_login; then
  # A fresh Debian cluster asks for a password on TCP; the test server trusts loopback.
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  echo "Erlaube Anmeldung ohne Passwort auf 127.0.0.1 (Testserver) …"
  as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload || as_root pg_ctlcluster "$version" main reload
  sleep 1
fi

if ! psql -h "$HOST" -p "$PORT" -U postgres -d postgres -Atc "select 1 from pg_database where datname='test'" | grep -q 1; then
  psql -h "$HOST" -p "$PORT" -U postgres -d postgres -qc 'create database test'
fi
echo "PostgreSQL bereit auf $HOST:$PORT"
