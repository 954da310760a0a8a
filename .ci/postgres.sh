#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server:   .ci/postgres.sh make test
#
# Creates a cluster in a temporary directory, starts it on a free loopback port (no systemd, no
# pg_ctlcluster, and Debian's own `main` cluster, if any, is left alone), creates a role that may create
# databases (Django creates and drops `test_<name>` itself) and a database owned by it, exports
# DATABASE_URL, runs the command, then stops the server and deletes the directory whatever happens.
# Needs Debian's `postgresql` package; run as root, the server runs as the `postgres` user, otherwise as you.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "$0: no PostgreSQL server found (apt-get install postgresql, or set PG_BINDIR)" >&2
  exit 1
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/newsapp-pg.XXXXXX")"
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_server=(runuser -u postgres --)
fi
# Server-side commands run from inside the cluster directory, which the server's user can always enter.
server() { (cd "$dir" && "${as_server[@]}" "$@"); }

cleanup() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

server "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A port found free can be taken before the server binds it: try a few.
started=""
for _ in 1 2 3 4 5; do
  port="$(free_port)"
  # A throwaway cluster: durability settings off, which makes the test suite's many commits faster.
  if server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
    started=yes
    break
  fi
done
if [ -z "$started" ]; then
  echo "$0: PostgreSQL did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi

user=newsapp
database=newsapp
password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
server "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
  -c "CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password'" \
  -c "CREATE DATABASE $database OWNER $user"

export DATABASE_URL="postgres://$user:$password@127.0.0.1:$port/$database"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster in $dir)"

status=0
"$@" || status=$?
exit "$status"
