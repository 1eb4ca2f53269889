#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster and make a role and database for the tests.
# Prints the URL to use, and nothing else, on standard output. Safe to run again: every step checks before it acts.
set -euo pipefail

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

cluster=$(pg_lsclusters --no-header | head -n 1)
if [ -z "$cluster" ]; then
  echo "no PostgreSQL cluster found: is the postgresql package installed?" >&2
  exit 1
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  # pg_ctlcluster may print warnings (no systemd in a container, say) on
  # stdout, which is reserved for the URL.
  as_root pg_ctlcluster "$version" "$name" start >&2
fi
user=survey_test
password=survey_test
db=survey_test
run_as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\" | grep -q 1 || psql -p $port -qc \"CREATE ROLE $user LOGIN PASSWORD '$password' CREATEDB\"" >&2
run_as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='$db'\" | grep -q 1 || createdb -p $port -O $user $db" >&2
echo "postgresql://$user:$password@127.0.0.1:$port/$db"
