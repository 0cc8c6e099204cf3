#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1 in a temporary directory and print
# the shell lines that point tests at it. Usage: eval "$(bash .ci/pg-start.sh)"
# Stop it with: bash .ci/pg-stop.sh "$PGDATA"
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=${PGPORT:-55432}
PGDATA=$(mktemp -d /tmp/choragen-pg.XXXXXX)
run() { if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$PGDATA"; runuser -u postgres -- "$@"; else "$@"; fi; }
run "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
run "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
	-o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
echo "export PGDATA=$PGDATA PGBIN=$PGBIN"
echo "export DATABASE_URL='postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable'"
