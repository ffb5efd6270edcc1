#!/usr/bin/env bash
# build/run.sh — start the CustomerRetention API for development.
#
# Usage: build/run.sh [--demo] [--help] [-- extra API arguments...]
#
#   --demo   set Demo__Seed=true: the API loads demo data when the database
#            is empty
#   --help   show this help
#
# Database: when ConnectionStrings__Postgres is set, that server is used as
# is. Otherwise the private development cluster is started with
# build/postgres.sh start and its connection string is used. Either way the
# banner prints the connection string (a password masked as ***).
#
# The API runs with `dotnet run -c Release` on http://127.0.0.1:5080
# (override the port with CR_API_PORT), ASPNETCORE_ENVIRONMENT=Development
# unless already set, and Database__MigrateOnStartup=true so the schema is
# created/upgraded on start. Ctrl-C stops the API; the database keeps
# running until `build/postgres.sh stop`.
#
# Credentials: the Development settings (appsettings.Development.json) trust
# tokens signed with the development key, which build/token.sh mints for any
# role. The banner also prints an admin API key: generated on the first start,
# kept in $CR_DATA_DIR/dev-admin-api-key (default .data/, mode 600) and passed
# as Auth__BootstrapApiKey, so the API stores it (hashed) on its first start and
# later starts print the same key. An Auth__BootstrapApiKey already set wins.
set -euo pipefail

# shellcheck source=build/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

demo=false
extra_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --demo) demo=true ;;
        -h | --help) usage; exit 0 ;;
        --) shift; extra_args=("$@"); break ;;
        *) cr_die "unknown option: $1 (see --help)" ;;
    esac
    shift
done

API_PORT="${CR_API_PORT:-5080}"
case "$API_PORT" in
    '' | *[!0-9]*) cr_die "CR_API_PORT must be a number (got '$API_PORT')" ;;
esac
API_URL="http://127.0.0.1:$API_PORT"
API_PROJECT="$CR_REPO_ROOT/src/CustomerRetention.Api"

command -v dotnet >/dev/null 2>&1 \
    || cr_die "'dotnet' was not found on PATH. Install the .NET 10 SDK (https://dot.net) and try again."
[ -d "$API_PROJECT" ] || cr_die "API project not found: $API_PROJECT"

# --- Database --------------------------------------------------------------
if [ -n "${ConnectionStrings__Postgres:-}" ]; then
    cr_info "using the database from ConnectionStrings__Postgres (private cluster not started)"
else
    # start prints the connection string on stdout: that is the one used.
    ConnectionStrings__Postgres="$("$CR_REPO_ROOT/build/postgres.sh" start)"
fi
export ConnectionStrings__Postgres
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Database__MigrateOnStartup=true
if [ "$demo" = true ]; then
    export Demo__Seed=true
fi

# --- Development admin API key -------------------------------------------------
DATA_DIR="${CR_DATA_DIR:-$CR_REPO_ROOT/.data}"
KEY_FILE="$DATA_DIR/dev-admin-api-key"
if [ -z "${Auth__BootstrapApiKey:-}" ]; then
    if [ ! -s "$KEY_FILE" ]; then
        mkdir -p "$DATA_DIR"
        random="$(head -c 600 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
        [ "${#random}" -ge 51 ] || cr_die "could not draw enough random characters for the admin API key"
        (umask 077 && printf 'cr_%s_%s\n' "${random:0:8}" "${random:8:43}" >"$KEY_FILE")
    fi
    Auth__BootstrapApiKey="$(head -n 1 "$KEY_FILE")"
fi
export Auth__BootstrapApiKey
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

# --- Banner ----------------------------------------------------------------
cat <<EOF

  CustomerRetention API (environment: $ASPNETCORE_ENVIRONMENT$([ "$demo" = true ] && echo ', demo data on'))
    API:               $API_URL
    Swagger UI:        $API_URL/swagger
    Health:            $API_URL/health/ready  (liveness: $API_URL/health/live)
    Connection string: $(printf '%s' "$ConnectionStrings__Postgres" | sed 's/\(Password=\)[^;]*/\1***/I')
    Admin API key:     $Auth__BootstrapApiKey  (header X-Api-Key; a token for any role: ./build/token.sh --role agent)

  Building and starting... Ctrl-C stops the API; ./build/postgres.sh stop stops the database.

EOF

# exec: dotnet replaces this shell, so Ctrl-C goes straight to it.
# --no-launch-profile: Properties/launchSettings.json must not override the
# URL or environment chosen here.
cd "$CR_REPO_ROOT"
# CrQuietMirrorWarnings: no NU1603 lines on start (an expected artefact of the
# package mirror; see Directory.Build.props).
exec dotnet run --project "$API_PROJECT" -c Release --no-launch-profile --property:CrQuietMirrorWarnings=true -- --urls "$API_URL" ${extra_args[@]+"${extra_args[@]}"}
