#!/usr/bin/env bash
# Stop the PostgreSQL that pg-start.sh started and remove its directory.
set -euo pipefail
PGDATA=${1:?usage: pg-stop.sh PGDATA}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [[ $(id -u) -eq 0 ]]; then
	runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
else
	"$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
fi
rm -rf "$PGDATA"
