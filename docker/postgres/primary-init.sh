#!/usr/bin/env bash
# Runs once, from /docker-entrypoint-initdb.d, when the primary's data directory is first created:
# creates the replication role and the physical slot the replica streams from, and lets that role
# connect for replication over the network. The official entrypoint may source this file rather than
# execute it, so it neither exits nor sets shell options beyond the entrypoint's own.
set -Eeo pipefail

: "${REPLICATION_USER:?REPLICATION_USER must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"
: "${REPLICATION_SLOT:?REPLICATION_SLOT must be set}"

# Values go in as psql variables (:"ident", :'literal'), so no quoting of them happens in the shell.
psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v repl_user="$REPLICATION_USER" \
  -v repl_password="$REPLICATION_PASSWORD" \
  -v repl_slot="$REPLICATION_SLOT" <<'SQL'
CREATE ROLE :"repl_user" WITH REPLICATION LOGIN PASSWORD :'repl_password';
-- Created here, not by the replica, so a replica rebuilt from an empty volume reuses it.
SELECT pg_create_physical_replication_slot(:'repl_slot');
SQL

# initdb's pg_hba.conf allows replication only over loopback; the replica is another container.
echo "host replication ${REPLICATION_USER} all scram-sha-256" >>"$PGDATA/pg_hba.conf"
