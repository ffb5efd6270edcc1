#!/usr/bin/env bash
# build/postgres.sh — a private PostgreSQL cluster for local development.
#
# Usage: build/postgres.sh start|stop|status|url|psql [psql args...]
#
#   start   initialise the cluster on first use, start it (idempotent), wait
#           until it accepts connections, create database customer_retention
#           if absent, and print the connection string
#   stop    stop it (fast mode); does nothing if it is not running
#   status  report whether it runs (exit 0 running, 3 not running)
#   url     print the Npgsql connection string
#   psql    open psql on customer_retention; extra args are passed through,
#           e.g.  build/postgres.sh psql -c 'select 1'
#
# Environment:
#   CR_PG_DATA    data directory        (default: <repo>/.data/postgres)
#   CR_PG_PORT    TCP port              (default: 55432)
#   CR_PG_SETTINGS extra postgresql.conf lines (e.g. for benchmarks)
#   CR_PG_BINDIR  server binaries dir   (default: found automatically,
#                                        PostgreSQL is installed if missing)
#
# The server listens on 127.0.0.1 only, with trust authentication for user
# "postgres" — development use only. Its unix socket lives in
# <data dir>-run (e.g. .data/postgres-run) and its log in <data dir>.log
# (e.g. .data/postgres.log), so nothing touches /var/run.
#
# initdb and postgres refuse to run as root. As root, every server command is
# run as the "postgres" system user (via runuser) and the data directory is
# owned by that user. If that user cannot reach the repository (say it sits
# in a mode-700 home directory), the default data directory moves to
# /var/tmp/customer-retention-<uid>/postgres and a note says so.
set -euo pipefail

# shellcheck source=build/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_NAME="customer_retention"
DB_USER="postgres"
PG_PORT="${CR_PG_PORT:-55432}"
case "$PG_PORT" in
    '' | *[!0-9]*) cr_die "CR_PG_PORT must be a number (got '$PG_PORT')" ;;
esac

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

# Npgsql connection string for the private cluster.
conn_string() {
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s\n' "$PG_PORT" "$DB_NAME" "$DB_USER"
}

# ---------------------------------------------------------------------------
# Running server commands as the right user
# ---------------------------------------------------------------------------

# as_pg CMD...: run CMD as the postgres user when we are root, else directly.
# The `cd /` avoids "could not change directory" warnings when the postgres
# user cannot read the caller's working directory.
as_pg() {
    if cr_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

check_root_prereqs() {
    cr_is_root || return 0
    command -v runuser >/dev/null 2>&1 \
        || cr_die "running as root needs 'runuser' (util-linux) to start PostgreSQL as user postgres"
    id -u postgres >/dev/null 2>&1 \
        || cr_die "running as root needs a 'postgres' system user (the Debian postgresql package creates it)"
}

# nearest_existing DIR: print DIR or its closest existing ancestor.
nearest_existing() {
    local d="$1"
    while [ ! -e "$d" ] && [ "$d" != "/" ]; do d="$(dirname "$d")"; done
    printf '%s\n' "$d"
}

# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------

# resolve_paths: set PG_DATA, DATA_PARENT, RUN_DIR and LOG_FILE. Creates
# nothing, so it is safe for stop/status too.
resolve_paths() {
    FALLBACK_NOTE=""
    local default_data="$CR_REPO_ROOT/.data/postgres"
    PG_DATA="${CR_PG_DATA:-$default_data}"
    case "$PG_DATA" in /*) ;; *) PG_DATA="$PWD/$PG_DATA" ;; esac

    if cr_is_root && [ -z "${CR_PG_DATA:-}" ]; then
        # Can the postgres user traverse to where the data dir will live?
        local probe
        probe="$(nearest_existing "$PG_DATA")"
        if ! runuser -u postgres -- test -x "$probe" 2>/dev/null; then
            PG_DATA="/var/tmp/customer-retention-$(id -u)/postgres"
            FALLBACK_NOTE="note: user 'postgres' cannot reach $probe, so the data directory is $PG_DATA"
        fi
    fi

    DATA_PARENT="$(dirname "$PG_DATA")"
    LOG_FILE="$DATA_PARENT/$(basename "$PG_DATA").log"
    RUN_DIR="$PG_DATA-run"
    # A unix socket path is limited to ~107 bytes; postgres appends
    # "/.s.PGSQL.<port>". Fall back to a short directory for deep checkouts.
    if [ $((${#RUN_DIR} + 20)) -gt 100 ]; then
        RUN_DIR="${TMPDIR:-/tmp}/cr-pg-$(id -u)-$PG_PORT"
    fi
}

# prepare_dirs: create the data/run dirs and log file with the right owner.
prepare_dirs() {
    if [ ! -d "$DATA_PARENT" ]; then
        mkdir -p "$DATA_PARENT"
        chmod 755 "$DATA_PARENT"   # traversable by the postgres user
    fi
    mkdir -p "$PG_DATA" "$RUN_DIR"
    touch "$LOG_FILE"
    chmod 700 "$PG_DATA"
    if cr_is_root; then
        # Re-own the whole tree only when needed (first run, or after a copy).
        if [ "$(stat -c %U "$PG_DATA")" != "postgres" ]; then
            chown -R postgres:postgres "$PG_DATA"
        fi
        chown postgres:postgres "$RUN_DIR" "$LOG_FILE"
        if ! runuser -u postgres -- test -w "$PG_DATA"; then
            cr_die "user 'postgres' cannot write to $PG_DATA (check the permissions of its parent
  directories, or set CR_PG_DATA to a directory it can reach)"
        fi
    fi
}

# ---------------------------------------------------------------------------
# Server helpers
# ---------------------------------------------------------------------------

# pick_bindir [install]: set BIN to the server binaries. With "install",
# installs PostgreSQL when missing; otherwise returns 1 when missing.
# If the data dir was made by a particular major version and that version's
# binaries exist (Debian layout), prefer them so the cluster still starts
# after a newer PostgreSQL gets installed beside it.
pick_bindir() {
    if [ "${1:-}" = install ]; then
        cr_ensure_pg_bindir
    else
        CR_PG_BINDIR="$(cr_find_pg_bindir)" || return 1
    fi
    BIN="$CR_PG_BINDIR"
    if [ -z "${CR_PG_BINDIR_FORCED:-}" ] && [ -r "$PG_DATA/PG_VERSION" ]; then
        local ver
        ver="$(cat "$PG_DATA/PG_VERSION" 2>/dev/null || true)"
        if [ -n "$ver" ] && [ -x "/usr/lib/postgresql/$ver/bin/pg_ctl" ]; then
            BIN="/usr/lib/postgresql/$ver/bin"
        fi
    fi
}

is_initialised() { [ -s "$PG_DATA/PG_VERSION" ]; }

# is_running: pg_ctl status exits 0 when the server of this data dir runs.
is_running() {
    is_initialised || return 1
    as_pg "$BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

client() {
    # Client tools connect over TCP with trust auth, so they need no runuser.
    local tool="$1"
    shift
    local exe="$BIN/$tool"
    [ -x "$exe" ] || exe="$(command -v "$tool")" || cr_die "$tool not found"
    "$exe" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" "$@"
}

# pick_locale: C.UTF-8 when the system has it, else plain C.
pick_locale() {
    if command -v locale >/dev/null 2>&1 \
        && locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        echo C.UTF-8
    else
        echo C
    fi
}

init_cluster() {
    if is_initialised; then
        return 0
    fi
    if [ -n "$(ls -A "$PG_DATA" 2>/dev/null)" ]; then
        cr_die "$PG_DATA is not empty but holds no PostgreSQL cluster; move it away or set CR_PG_DATA"
    fi
    local loc
    loc="$(pick_locale)"
    cr_info "initialising a new cluster in $PG_DATA (locale $loc)"
    if ! as_pg "$BIN/initdb" -D "$PG_DATA" --auth=trust --username="$DB_USER" \
        --encoding=UTF8 --locale="$loc" >>"$LOG_FILE" 2>&1; then
        if [ "$loc" != C ]; then
            cr_warn "initdb with locale $loc failed; retrying with locale C"
            # initdb removes the directory contents it created on failure.
            as_pg "$BIN/initdb" -D "$PG_DATA" --auth=trust --username="$DB_USER" \
                --encoding=UTF8 --locale=C >>"$LOG_FILE" 2>&1 \
                || { tail -n 30 "$LOG_FILE" >&2; cr_die "initdb failed (log: $LOG_FILE)"; }
        else
            tail -n 30 "$LOG_FILE" >&2
            cr_die "initdb failed (log: $LOG_FILE)"
        fi
    fi
    # Our settings live in a separate file, rewritten on every start, so a
    # changed CR_PG_PORT or data location is picked up without editing
    # postgresql.conf by hand.
    printf '\n# Development settings written by build/postgres.sh on each start.\ninclude_if_exists = '\''customer_retention.conf'\''\n' \
        >>"$PG_DATA/postgresql.conf"
}

# write_settings: (re)write customer_retention.conf inside the data dir.
write_settings() {
    local conf="$PG_DATA/customer_retention.conf" esc_run
    esc_run="${RUN_DIR//\'/\'\'}"   # single quotes are doubled in postgresql.conf
    cat >"$conf" <<EOF
# Written by build/postgres.sh on every start; edits here are overwritten.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$esc_run'
max_connections = 200
${CR_PG_SETTINGS:-}
EOF
    if cr_is_root; then chown postgres:postgres "$conf"; fi
    chmod 600 "$conf"
}

wait_until_ready() {
    local timeout=30 i
    for ((i = 0; i < timeout * 2; i++)); do
        if client pg_isready -d postgres -q >/dev/null 2>&1; then
            return 0
        fi
        # Give up early if the server died (bad port, bad config, ...).
        if [ "$i" -ge 4 ] && ! is_running; then
            break
        fi
        sleep 0.5
    done
    echo "---- last lines of $LOG_FILE ----" >&2
    tail -n 30 "$LOG_FILE" >&2 || true
    cr_die "PostgreSQL did not become ready on 127.0.0.1:$PG_PORT within ${timeout}s"
}

ensure_database() {
    local exists
    exists="$(client psql -d postgres -XtAq -v ON_ERROR_STOP=1 \
        -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")"
    if [ "$exists" != "1" ]; then
        cr_info "creating database $DB_NAME"
        client psql -d postgres -Xq -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB_NAME"
    fi
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

cmd_start() {
    check_root_prereqs
    resolve_paths
    if [ -n "$FALLBACK_NOTE" ]; then cr_info "$FALLBACK_NOTE"; fi
    pick_bindir install
    if is_running; then
        cr_info "PostgreSQL is already running (data: $PG_DATA)"
        # Line 4 of postmaster.pid is the port the running server listens on.
        local running_port
        running_port="$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$running_port" ] && [ "$running_port" != "$PG_PORT" ]; then
            cr_die "it listens on port $running_port, not $PG_PORT: stop it first, or set CR_PG_PORT=$running_port"
        fi
    else
        prepare_dirs
        init_cluster
        pick_bindir install   # PG_VERSION now exists: re-check the version
        write_settings
        cr_info "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $LOG_FILE)"
        # -W: don't let pg_ctl wait; wait_until_ready polls pg_isready.
        if ! as_pg "$BIN/pg_ctl" start -W -D "$PG_DATA" -l "$LOG_FILE" >/dev/null; then
            tail -n 30 "$LOG_FILE" >&2 || true
            cr_die "pg_ctl start failed (log: $LOG_FILE)"
        fi
    fi
    wait_until_ready
    ensure_database
    cr_info "PostgreSQL is ready on 127.0.0.1:$PG_PORT (its connection string follows)"
    conn_string
}

cmd_stop() {
    check_root_prereqs
    resolve_paths
    if ! pick_bindir || ! is_running; then
        cr_info "PostgreSQL is not running (data: $PG_DATA)"
        return 0
    fi
    cr_info "stopping PostgreSQL (data: $PG_DATA)"
    as_pg "$BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
    cr_info "stopped"
}

cmd_status() {
    check_root_prereqs
    resolve_paths
    echo "data directory: $PG_DATA"
    echo "log file:       $LOG_FILE"
    if ! pick_bindir; then
        echo "status:         PostgreSQL server binaries not installed (run: $0 start)"
        return 3
    fi
    echo "binaries:       $BIN"
    if ! is_initialised; then
        echo "status:         not initialised (run: $0 start)"
        return 3
    fi
    if is_running; then
        echo "status:         running"
        echo "connection:     $(conn_string)"
        return 0
    fi
    echo "status:         stopped"
    return 3
}

cmd_psql() {
    check_root_prereqs
    resolve_paths
    pick_bindir || cr_die "PostgreSQL is not installed; run: $0 start"
    is_running || cr_die "PostgreSQL is not running; run: $0 start"
    local exe="$BIN/psql"
    [ -x "$exe" ] || exe="$(command -v psql)" || cr_die "psql not found"
    exec "$exe" -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" "$@"
}

# Remember whether the user chose the binaries explicitly (see pick_bindir).
if [ -n "${CR_PG_BINDIR:-}" ]; then CR_PG_BINDIR_FORCED=1; fi

case "${1:-}" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    status) cmd_status ;;
    url)    conn_string ;;
    psql)   shift; cmd_psql "$@" ;;
    -h | --help | help) usage ;;
    *)      usage >&2; exit 2 ;;
esac
