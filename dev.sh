#!/usr/bin/env bash
# Letters dev script.
#   ./dev.sh run       private PostgreSQL (unless ConnectionStrings__Letters is set), migrate, seed, serve :5080
#   ./dev.sh test      the same database bootstrap, then dotnet test Letters.sln
#   ./dev.sh stop      stop the private cluster
#   ./dev.sh migrate   apply migrations only
#   ./dev.sh gallery   write a sample letter for every style x paper to ./gallery (PDF and PNG)
#   ./dev.sh bench ... run the benchmarks project (arguments go to BenchmarkDotNet)
#   ./dev.sh load-orders  orders arriving at a steady rate at a running server (see README, Benchmarks)
#   ./dev.sh seed-history years of history in the dev database (--orders 1000000)
#   ./dev.sh bench-pages  every page and list, demo data against a 1 M-order history, median and p95
#   ./dev.sh bench-claims the writer queue: claims/s and latency at 10k, 100k and 1M queued letters
#   ./dev.sh bench-webhooks event-to-webhook latency (p50/p99) over 1,000 test letters, and deliveries/s
#   ./dev.sh bench-campaigns a 10,000-row campaign: import against COPY, rendering on one core and both, print file
#   ./dev.sh bench-book   a book of 200 letters built by the app: build time and peak memory
#   ./dev.sh bench-documents the document seam on PostgreSQL against S3 (s3rver), 10,000 moved with a kill, first pictures
#   ./dev.sh load-floor   3 app processes, orders and claims together for 60 s; checks no double claims
#   ./dev.sh load-soak    3 app processes for 5 min at 100 orders/s under a 100-connection limit, one restarted
#   ./dev.sh psql      a psql shell on the dev database
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

PG_PORT="${LETTERS_PG_PORT:-55432}"
PG_BIN="${LETTERS_PG_BIN:-}"
APP_URL="${LETTERS_URL:-http://localhost:5080}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1;34m[dev]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[dev]\033[0m %s\n' "$*" >&2; exit 1; }

find_pg_bin() {
  if [[ -n "$PG_BIN" ]]; then return; fi
  # Debian keeps the server binaries out of PATH; prefer the newest installed major.
  local candidate
  for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x "$candidate/postgres" ]] && PG_BIN="$candidate"
  done
  if [[ -z "$PG_BIN" ]] && command -v pg_ctl >/dev/null; then PG_BIN="$(dirname "$(command -v pg_ctl)")"; fi
  [[ -n "$PG_BIN" ]] || die "PostgreSQL server binaries not found (initdb, pg_ctl). Install postgresql."
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data_dir() {
  local dir="$ROOT/.data/pg"
  if [[ "$(id -u)" == 0 ]]; then
    mkdir -p "$ROOT/.data"
    # The postgres user must be able to reach the folder; a checkout under a private home may not allow it.
    if ! runuser -u postgres -- test -x "$ROOT/.data" 2>/dev/null; then
      dir="${TMPDIR:-/tmp}/letters-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
    fi
  fi
  printf '%s' "$dir"
}

pg_running() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; }

start_cluster() {
  find_pg_bin
  local dir; dir="$(data_dir)"
  mkdir -p "$(dirname "$dir")"
  if [[ ! -s "$dir/PG_VERSION" ]]; then
    log "creating a private PostgreSQL cluster in $dir"
    mkdir -p "$dir"
    [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
log_min_messages = warning
EOF
  fi
  # A cluster already running from this directory (./dev.sh run in another terminal, on another LETTERS_PG_PORT) is
  # used as it is, on the port it was started with: a second postmaster cannot start on the same directory.
  if [[ -f "$dir/postmaster.pid" ]]; then
    local running_pid running_port
    running_pid="$(head -1 "$dir/postmaster.pid")"
    running_port="$(sed -n 4p "$dir/postmaster.pid")"
    if [[ -r "/proc/$running_pid/comm" && "$(cat "/proc/$running_pid/comm")" == postgres* ]] \
        && ! grep -q '^State:[[:space:]]*Z' "/proc/$running_pid/status" 2>/dev/null \
        && [[ -n "$running_port" && "$running_port" != "$PG_PORT" ]]; then
      log "the cluster in $dir is already running on port $running_port; using it"
      PG_PORT="$running_port"
    fi
  fi
  if pg_running; then return; fi
  # After a kill -9 the pid file survives; postgres copes unless the pid now belongs to another process.
  if [[ -f "$dir/postmaster.pid" ]]; then
    local pid; pid="$(head -1 "$dir/postmaster.pid")"
    # A killed postmaster can linger as a zombie until reaped; postgres would still see its pid as taken.
    if ! [[ -r "/proc/$pid/comm" && "$(cat "/proc/$pid/comm")" == postgres* ]] \
        || grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
      log "removing stale postmaster.pid (pid $pid is not running postgres)"
      rm -f "$dir/postmaster.pid" "$dir/.s.PGSQL.$PG_PORT.lock" "$dir/.s.PGSQL.$PG_PORT"
    fi
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_cluster() {
  find_pg_bin
  local dir; dir="$(data_dir)"
  if [[ -f "$dir/postmaster.pid" ]] && pg_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  else
    log "PostgreSQL is not running"
  fi
}

# Sets ConnectionStrings__Letters to the private cluster unless the caller already gave one.
bootstrap_database() {
  if [[ -n "${ConnectionStrings__Letters:-}" ]]; then
    log "using the configured ConnectionStrings__Letters"
    return
  fi
  start_cluster
  export ConnectionStrings__Letters="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=letters"
  ensure_database
}

ensure_database() {
  if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'letters'" | grep -q 1; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE letters" >/dev/null
  fi
}

# The real servers the tests start on loopback (SMTP with maildev, S3 with s3rver), pinned by the lock file.
install_test_servers() {
  local dir="$ROOT/tests/servers"
  if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    command -v npm >/dev/null || die "npm not found: install nodejs and npm (the tests start maildev and s3rver)."
    log "installing the test servers (npm ci in tests/servers)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

migrate() {
  log "applying migrations"
  dotnet run --project migrations/Letters.Migrations -c Release -- "$ConnectionStrings__Letters"
}

cmd="${1:-help}"; shift || true
case "$cmd" in
  run)
    bootstrap_database
    migrate
    log "serving $APP_URL (Ctrl-C to stop; ./dev.sh stop stops PostgreSQL)"
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
    exec dotnet run --project src/Letters -c Release --no-launch-profile --urls "$APP_URL" "$@"
    ;;
  test)
    bootstrap_database
    # The tests make their own databases from a migrated template; they need only the server.
    export LETTERS_TEST_SERVER="${LETTERS_TEST_SERVER:-$ConnectionStrings__Letters}"
    install_test_servers
    status=0
    dotnet test Letters.sln "$@" || status=$?
    errors="tests/Letters.Tests/bin/Debug/net10.0/TestResults/app-errors.log"
    if ((status != 0)) && [[ -s "$errors" ]]; then
      log "errors the app logged during the tests (last 80 lines of $errors):"
      tail -80 "$errors" >&2
    fi
    exit "$status"
    ;;
  migrate)
    bootstrap_database
    migrate
    ;;
  stop)
    stop_cluster
    ;;
  psql)
    start_cluster
    ensure_database
    exec "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d letters "$@"
    ;;
  gallery)
    dotnet run --project tests/Letters.Benchmarks -c Release -- gallery "${1:-$ROOT/gallery}"
    ;;
  bench)
    dotnet run --project tests/Letters.Benchmarks -c Release -- "$@"
    ;;
  load-orders)
    dotnet run --project tests/Letters.Benchmarks -c Release -- load-orders "$@"
    ;;
  load-floor)
    bootstrap_database
    dotnet build src/Letters -c Release -v q >/dev/null
    dotnet run --project tests/Letters.Benchmarks -c Release -- load-floor --app "$ROOT/src/Letters/bin/Release/net10.0/Letters.dll" "$@"
    ;;
  load-soak)
    bootstrap_database
    dotnet build src/Letters -c Release -v q >/dev/null
    dotnet run --project tests/Letters.Benchmarks -c Release -- load-soak --app "$ROOT/src/Letters/bin/Release/net10.0/Letters.dll" "$@"
    ;;
  seed-history)
    bootstrap_database
    dotnet run --project tests/Letters.Benchmarks -c Release -- seed-history "$@"
    ;;
  bench-pages)
    bootstrap_database
    dotnet build src/Letters -c Release -v q >/dev/null
    dotnet run --project tests/Letters.Benchmarks -c Release -- bench-pages --app "$ROOT/src/Letters/bin/Release/net10.0/Letters.dll" "$@"
    ;;
  bench-webhooks)
    bootstrap_database
    dotnet build src/Letters -c Release -v q >/dev/null
    dotnet run --project tests/Letters.Benchmarks -c Release -- bench-webhooks --app "$ROOT/src/Letters/bin/Release/net10.0/Letters.dll" "$@"
    ;;
  bench-campaigns)
    bootstrap_database
    dotnet build src/Letters -c Release -v q >/dev/null
    dotnet run --project tests/Letters.Benchmarks -c Release -- bench-campaigns --app "$ROOT/src/Letters/bin/Release/net10.0/Letters.dll" "$@"
    ;;
  bench-book)
    bootstrap_database
    dotnet build src/Letters -c Release -v q >/dev/null
    dotnet run --project tests/Letters.Benchmarks -c Release -- bench-book --app "$ROOT/src/Letters/bin/Release/net10.0/Letters.dll" "$@"
    ;;
  bench-documents)
    bootstrap_database
    install_test_servers
    dotnet build src/Letters -c Release -v q >/dev/null
    dotnet run --project tests/Letters.Benchmarks -c Release -- bench-documents --app "$ROOT/src/Letters/bin/Release/net10.0/Letters.dll" "$@"
    ;;
  bench-claims)
    bootstrap_database
    dotnet run --project tests/Letters.Benchmarks -c Release -- bench-claims "$@"
    ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    ;;
esac
