#!/usr/bin/env bash
# build/lib.sh — helpers shared by the scripts in build/.
#
# This file is *sourced* (". build/lib.sh"), never executed on its own. It
# defines functions and the variable CR_REPO_ROOT and changes nothing else;
# the calling script is expected to have `set -euo pipefail` already.
#
# Provided:
#   CR_REPO_ROOT               absolute path of the repository root
#   cr_info / cr_warn / cr_die messages on stderr (cr_die exits 1)
#   cr_is_root                 true when running as uid 0
#   cr_find_pg_bindir          print a dir holding initdb, pg_ctl and postgres
#   cr_ensure_pg_bindir        like cr_find_pg_bindir, installing PostgreSQL
#                              from Debian packages when it is missing;
#                              sets and exports CR_PG_BINDIR
#   cr_ensure_chromium         make sure Debian's Chromium is at
#                              $CR_CHROMIUM (default /usr/bin/chromium) for
#                              the browser tests, installing the Debian
#                              package 'chromium' when it is missing
#   cr_count_trx DIR           sum the <Counters> of every .trx under DIR;
#                              sets CR_TRX_FILES, CR_TRX_TOTAL,
#                              CR_TRX_EXECUTED, CR_TRX_PASSED, CR_TRX_FAILED,
#                              CR_TRX_SKIPPED
set -euo pipefail

# Repository root = parent of the directory holding this file (build/).
# shellcheck disable=SC2034  # used by the scripts that source this file
CR_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

cr_info() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
cr_warn() { printf '[%s] WARNING: %s\n' "$(basename "$0")" "$*" >&2; }
cr_die()  { printf '[%s] ERROR: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

cr_is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------------------
# PostgreSQL server binaries
# ---------------------------------------------------------------------------

# _cr_is_pg_bindir DIR: true when DIR holds the server programs we need.
# (A bare `pg_config --bindir` can point at a client-only install such as
# postgresql-client-NN, which has psql but no initdb; hence the check.)
_cr_is_pg_bindir() {
    local d="$1"
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]
}

# cr_find_pg_bindir: print the directory of the PostgreSQL server binaries, or
# return 1 when there is none. Order of preference:
#   1. $CR_PG_BINDIR (explicit override)
#   2. `pg_config --bindir`
#   3. the newest /usr/lib/postgresql/*/bin (Debian/Ubuntu layout)
#   4. initdb found on PATH (other distributions, Homebrew, ...)
cr_find_pg_bindir() {
    local d
    if [ -n "${CR_PG_BINDIR:-}" ]; then
        if _cr_is_pg_bindir "$CR_PG_BINDIR"; then
            printf '%s\n' "$CR_PG_BINDIR"
            return 0
        fi
        cr_warn "CR_PG_BINDIR=$CR_PG_BINDIR has no initdb/pg_ctl/postgres; searching elsewhere"
    fi
    if command -v pg_config >/dev/null 2>&1; then
        d="$(pg_config --bindir 2>/dev/null || true)"
        if _cr_is_pg_bindir "$d"; then
            printf '%s\n' "$d"
            return 0
        fi
    fi
    # Newest version first (sort -V understands 9.6 < 10 < 15 < 16).
    if [ -d /usr/lib/postgresql ]; then
        while IFS= read -r d; do
            if _cr_is_pg_bindir "$d"; then
                printf '%s\n' "$d"
                return 0
            fi
        done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -rV)
    fi
    if command -v initdb >/dev/null 2>&1; then
        d="$(dirname "$(command -v initdb)")"
        if _cr_is_pg_bindir "$d"; then
            printf '%s\n' "$d"
            return 0
        fi
    fi
    return 1
}

# cr_install_postgres: install the Debian "postgresql" package (server +
# client). Root runs apt-get directly; an ordinary user goes through
# password-less sudo when available, otherwise we stop with instructions.
# Note: the Debian package may create and start a system cluster on port
# 5432. That is harmless; our scripts run their own clusters elsewhere.
cr_install_postgres() {
    local -a sudo=()
    if ! cr_is_root; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
            sudo=(sudo -n)
        else
            cr_die "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found.
  Install them, e.g. on Debian/Ubuntu:  sudo apt-get install postgresql
  (or set CR_PG_BINDIR to the directory that holds initdb)."
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        cr_die "PostgreSQL server binaries were not found and apt-get is not available.
  Install the PostgreSQL server with your package manager, or set CR_PG_BINDIR
  to the directory that holds initdb, pg_ctl and postgres."
    fi
    cr_info "PostgreSQL server binaries not found; installing the Debian package 'postgresql'..."
    ${sudo[@]+"${sudo[@]}"} apt-get update
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
}

# cr_ensure_pg_bindir: find the server binaries, installing them if needed.
# Sets and exports CR_PG_BINDIR.
cr_ensure_pg_bindir() {
    local d
    if ! d="$(cr_find_pg_bindir)"; then
        cr_install_postgres
        d="$(cr_find_pg_bindir)" \
            || cr_die "PostgreSQL was installed but initdb/pg_ctl/postgres still cannot be found."
    fi
    CR_PG_BINDIR="$d"
    export CR_PG_BINDIR
}

# cr_ensure_contract_tools: the pinned npm tools of tools/contract (Spectral,
# Redocly, openapi-typescript, TypeScript) and the local .NET tool NSwag that the
# contract tests run. Node.js
# and npm come from the Debian packages when missing; the packages themselves
# are installed with "npm ci" from the committed lock file (again only when the
# lock file changed since the last install).
cr_ensure_contract_tools() {
    local dir="$CR_REPO_ROOT/tools/contract" stamp
    if ! command -v npm >/dev/null 2>&1; then
        local -a sudo=()
        if ! cr_is_root; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
                sudo=(sudo -n)
            else
                cr_die "Node.js and npm were not found; the contract tests need them.
  Install them, e.g. on Debian/Ubuntu:  sudo apt-get install nodejs npm"
            fi
        fi
        command -v apt-get >/dev/null 2>&1 \
            || cr_die "Node.js and npm were not found and apt-get is not available: install Node.js 20 with npm."
        cr_info "npm not found; installing the Debian packages 'nodejs' and 'npm'..."
        ${sudo[@]+"${sudo[@]}"} apt-get update
        ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
    fi
    stamp="$dir/node_modules/.package-lock.json"
    if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
        cr_info "installing the contract tools (npm ci in tools/contract)..."
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) \
            || cr_die "npm ci in tools/contract failed (see above)."
    fi
    # NSwag, which generates the C# client, is a local .NET tool (.config/dotnet-tools.json).
    (cd "$CR_REPO_ROOT" && dotnet tool restore >/dev/null) \
        || cr_die "dotnet tool restore failed: the C# client test needs NSwag (.config/dotnet-tools.json)."
}

# ---------------------------------------------------------------------------
# Chromium for the browser tests (Swagger UI through Playwright)
# ---------------------------------------------------------------------------

# cr_ensure_chromium: the browser tests drive Debian's Chromium (Playwright
# cannot download a browser of its own here). Installs the Debian package
# 'chromium' when $CR_CHROMIUM (default /usr/bin/chromium) is missing: root runs
# apt-get directly, an ordinary user needs password-less sudo; otherwise stop
# with instructions (the browser tests are never skipped silently).
cr_ensure_chromium() {
    local path="${CR_CHROMIUM:-/usr/bin/chromium}"
    local -a sudo=()
    if [ -x "$path" ]; then
        return 0
    fi
    if [ "$path" != /usr/bin/chromium ]; then
        cr_die "CR_CHROMIUM=$path is not an executable. Point it at a Chromium, or unset it to use Debian's /usr/bin/chromium."
    fi
    if ! cr_is_root; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
            sudo=(sudo -n)
        else
            cr_die "Chromium was not found at /usr/bin/chromium; the browser tests need it.
  Install it, e.g. on Debian:  sudo apt-get install chromium
  (or set CR_CHROMIUM to another Chromium executable)."
        fi
    fi
    command -v apt-get >/dev/null 2>&1 \
        || cr_die "Chromium was not found at /usr/bin/chromium and apt-get is not available.
  Install Chromium with your package manager and set CR_CHROMIUM to its executable."
    cr_info "Chromium not found; installing the Debian package 'chromium' for the browser tests..."
    ${sudo[@]+"${sudo[@]}"} apt-get update
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
    [ -x "$path" ] || cr_die "the package 'chromium' was installed but $path still does not exist."
}

# ---------------------------------------------------------------------------
# .trx (Visual Studio test results) counting
# ---------------------------------------------------------------------------

# _cr_trx_counter FILE ATTR: print the integer value of ATTR on the
# <Counters .../> element of FILE (0 if absent). Pure grep/tr, no python.
# The file is flattened to one line first so a wrapped element still matches;
# the leading whitespace in the pattern keeps "passed" from matching
# "passedButRunAborted".
_cr_trx_counter() {
    local file="$1" attr="$2" v
    v="$(tr '\r\n' '  ' <"$file" \
        | grep -o '<Counters[[:space:]][^>]*>' \
        | grep -o "[[:space:]]${attr}=\"[0-9]*\"" \
        | grep -o '[0-9][0-9]*' \
        | head -n 1 || true)"
    printf '%s\n' "${v:-0}"
}

# cr_count_trx DIR: add up the counters of every *.trx file below DIR.
#   passed  = passed
#   failed  = failed + error + timeout + aborted
#   skipped = total - executed (or notExecuted, if larger)
cr_count_trx() {
    local dir="$1" f total executed skipped notexec
    CR_TRX_FILES=0 CR_TRX_TOTAL=0 CR_TRX_EXECUTED=0
    CR_TRX_PASSED=0 CR_TRX_FAILED=0 CR_TRX_SKIPPED=0
    [ -d "$dir" ] || return 0
    while IFS= read -r -d '' f; do
        CR_TRX_FILES=$((CR_TRX_FILES + 1))
        CR_TRX_PASSED=$((CR_TRX_PASSED + $(_cr_trx_counter "$f" passed)))
        CR_TRX_FAILED=$((CR_TRX_FAILED + $(_cr_trx_counter "$f" failed) \
            + $(_cr_trx_counter "$f" error) + $(_cr_trx_counter "$f" timeout) \
            + $(_cr_trx_counter "$f" aborted)))
        # VSTest's trx logger leaves skipped tests out of "executed" but does
        # not always add them to "notExecuted"; total - executed covers both.
        total=$(_cr_trx_counter "$f" total)
        executed=$(_cr_trx_counter "$f" executed)
        skipped=$((total - executed))
        notexec=$(_cr_trx_counter "$f" notExecuted)
        [ "$skipped" -ge "$notexec" ] || skipped=$notexec
        CR_TRX_SKIPPED=$((CR_TRX_SKIPPED + skipped))
        CR_TRX_TOTAL=$((CR_TRX_TOTAL + total))
        CR_TRX_EXECUTED=$((CR_TRX_EXECUTED + executed))
    done < <(find "$dir" -type f -name '*.trx' -print0)
}
