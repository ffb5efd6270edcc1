#!/usr/bin/env bash
# build/token.sh — mint a bearer token (JWT, HS256) for the development API.
#
# Usage: build/token.sh [--role ROLE] [--sub UUID] [--name NAME] [--hours N]
#
#   --role   viewer, agent, manager, admin (default) or integration
#   --sub    the user id, a UUID (default: a fixed development user per role)
#   --name   the display name (default: "Dev <role>")
#   --hours  lifetime in hours (default 8)
#
# Prints the token on stdout. Use it as `Authorization: Bearer <token>` (in
# Swagger UI: Authorize, then paste it). The token is signed with Auth:SigningKey
# and carries Auth:Issuer and Auth:Audience, read from the environment
# (Auth__SigningKey, Auth__Issuer, Auth__Audience) or else from
# src/CustomerRetention.Api/appsettings.Development.json — the development key,
# which is public: never use it outside Development. Needs openssl.
set -euo pipefail

# shellcheck source=build/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

role=admin sub='' name='' hours=8
while [ $# -gt 0 ]; do
    case "$1" in
        --role) role="${2:?--role needs a value}"; shift ;;
        --sub) sub="${2:?--sub needs a value}"; shift ;;
        --name) name="${2:?--name needs a value}"; shift ;;
        --hours) hours="${2:?--hours needs a value}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) cr_die "unknown option: $1 (see --help)" ;;
    esac
    shift
done

case "$role" in
    viewer | agent | manager | admin | integration) ;;
    *) cr_die "--role must be viewer, agent, manager, admin or integration (got '$role')" ;;
esac
case "$hours" in
    '' | *[!0-9]*) cr_die "--hours must be a whole number (got '$hours')" ;;
esac
# One stable development user per role unless told otherwise, so repeated
# tokens act as the same person.
declare -A dev_users=(
    [viewer]=0197a000-0000-7000-8000-000000000001 [agent]=0197a000-0000-7000-8000-000000000002
    [manager]=0197a000-0000-7000-8000-000000000003 [admin]=0197a000-0000-7000-8000-000000000004
    [integration]=0197a000-0000-7000-8000-000000000005
)
sub="${sub:-${dev_users[$role]}}"
printf '%s' "$sub" | grep -Eqi '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' \
    || cr_die "--sub must be a UUID (got '$sub')"
name="${name:-Dev $role}"
command -v openssl >/dev/null 2>&1 || cr_die "openssl is needed to sign the token (apt-get install openssl)"

settings="$CR_REPO_ROOT/src/CustomerRetention.Api/appsettings.Development.json"
setting() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$settings" | head -n 1; }
key="${Auth__SigningKey:-$(setting SigningKey)}"
issuer="${Auth__Issuer:-$(setting Issuer)}"
audience="${Auth__Audience:-$(setting Audience)}"
[ -n "$key" ] && [ -n "$issuer" ] && [ -n "$audience" ] \
    || cr_die "no signing key, issuer or audience: set Auth__SigningKey, Auth__Issuer and Auth__Audience"

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

now="$(date +%s)"
header='{"alg":"HS256","typ":"JWT"}'
payload="{\"sub\":$(json_string "$sub"),\"name\":$(json_string "$name"),\"role\":\"$role\",\"iss\":$(json_string "$issuer"),\"aud\":$(json_string "$audience"),\"iat\":$now,\"nbf\":$now,\"exp\":$((now + hours * 3600))}"
unsigned="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature="$(printf '%s' "$unsigned" | openssl dgst -sha256 -hmac "$key" -binary | b64url)"
printf '%s.%s\n' "$unsigned" "$signature"
