#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 for tests, idempotently: start the cluster, allow trust auth
# for 127.0.0.1 (tests only), reload, create the databases. Safe to run when it is already running.
set -euo pipefail
VERSION=${PG_VERSION:-15}
CLUSTER=${PG_CLUSTER:-main}
HBA=/etc/postgresql/$VERSION/$CLUSTER/pg_hba.conf

if ! command -v pg_ctlcluster >/dev/null; then
  echo "PostgreSQL is not installed (pg_ctlcluster not found)" >&2
  exit 1
fi

status=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
if [ "$status" != "online" ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

if ! grep -q '^host all all 127.0.0.1/32 trust # cobre-tests' "$HBA"; then
  # Put the rule first: pg_hba.conf is matched top to bottom.
  tmp=$(mktemp)
  { echo 'host all all 127.0.0.1/32 trust # cobre-tests'; cat "$HBA"; } > "$tmp"
  cat "$tmp" > "$HBA"
  rm -f "$tmp"
fi
pg_ctlcluster "$VERSION" "$CLUSTER" reload

for i in $(seq 1 30); do
  if psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null 2>&1; then break; fi
  sleep 1
done

for db in test ${EXTRA_DATABASES:-}; do
  if ! psql -h 127.0.0.1 -U postgres -Atc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -c "create database \"$db\"" >/dev/null
  fi
done
echo "PostgreSQL $VERSION/$CLUSTER ready on 127.0.0.1:5432 (databases: test ${EXTRA_DATABASES:-})"
