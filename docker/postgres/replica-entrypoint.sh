#!/usr/bin/env bash
# Entrypoint of the streaming replica (official postgres image). On first start, while its data
# directory is empty, it clones the primary with pg_basebackup -R (which writes standby.signal and
# primary_conninfo), then runs postgres as a hot standby following the primary through its slot.
#
# PGDATA must be a subdirectory of the volume: the clone is written next to it and renamed into
# place, so a clone interrupted half-way is redone on the next start instead of being served.
set -Eeuo pipefail

: "${PGDATA:?PGDATA must be set}"
: "${PRIMARY_HOST:?PRIMARY_HOST must be set}"
: "${REPLICATION_USER:?REPLICATION_USER must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"
: "${REPLICATION_SLOT:?REPLICATION_SLOT must be set}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"

volume_dir="$(dirname "$PGDATA")"
clone_dir="${PGDATA}.clone"

# Started as root: hand the volume to postgres, then run this script again as postgres.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$volume_dir"
  find "$volume_dir" \! -user postgres -exec chown postgres:postgres '{}' +
  exec gosu postgres bash "${BASH_SOURCE[0]}" "$@"
fi

clone_primary() {
  if [ -d "$PGDATA" ] && [ -n "$(ls -A "$PGDATA")" ]; then
    echo "replica: $PGDATA is not empty but has no PG_VERSION; refusing to overwrite it" >&2
    exit 1
  fi
  rm -rf "$clone_dir"
  until pg_isready --quiet --host="$PRIMARY_HOST" --port="$PRIMARY_PORT"; do
    echo "replica: waiting for primary ${PRIMARY_HOST}:${PRIMARY_PORT}"
    sleep 1
  done
  echo "replica: cloning ${PRIMARY_HOST}:${PRIMARY_PORT} through slot ${REPLICATION_SLOT}"
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup \
    --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" --no-password \
    --pgdata="$clone_dir" --wal-method=stream --slot="$REPLICATION_SLOT" \
    --write-recovery-conf --checkpoint=fast
  rm -rf "$PGDATA"
  mv "$clone_dir" "$PGDATA"
  chmod 0700 "$PGDATA"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  clone_primary
fi

exec "$@"
