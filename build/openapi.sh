#!/usr/bin/env bash
# build/openapi.sh — regenerate the committed OpenAPI document docs/openapi/v1.json.
#
# Usage: build/openapi.sh
#
# Builds the solution and runs the test that compares the served document with the committed
# one (OpenApi.CommittedDocumentTests) with CR_UPDATE_OPENAPI=1, which makes it write the served
# document (in-process host, own throwaway PostgreSQL) to docs/openapi/v1.json instead. Review
# the diff and commit it with the change that caused it.
set -euo pipefail

# shellcheck source=build/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$CR_REPO_ROOT"
if [ -z "${TEST_POSTGRES_CONNECTION:-}" ]; then
    cr_ensure_pg_bindir
    export PATH="$CR_PG_BINDIR:$PATH"
fi
dotnet build tests/CustomerRetention.Api.Tests -c Release -warnaserror -nologo -v q
CR_UPDATE_OPENAPI=1 dotnet test tests/CustomerRetention.Api.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName~OpenApi.CommittedDocumentTests"
cr_info "wrote docs/openapi/v1.json"
