#!/usr/bin/env bash
# build/test.sh — restore, build and run every test of CustomerRetention.
#
# Usage: build/test.sh
#
# Steps:
#   1. make sure the PostgreSQL server binaries exist (the test projects start
#      their own throwaway PostgreSQL from them); installs the Debian package
#      when missing. Skipped when TEST_POSTGRES_CONNECTION is set (the tests
#      then use that server instead).
#   2. make sure Debian's Chromium is at /usr/bin/chromium (or $CR_CHROMIUM)
#      for the browser tests of Swagger UI; installs the Debian package
#      'chromium' when missing (Playwright's own driver ships in its NuGet
#      package; no browser is downloaded)
#   3. dotnet restore + dotnet build -c Release -warnaserror of the solution
#   4. dotnet test -c Release --no-build for each test project in
#      tests/*/*.csproj (those with IsTestProject=true), writing a
#      .trx file per project into .test-results/<project>/ (cleaned first)
#      and console output at normal verbosity so failures are visible
#   5. add up the .trx counters of all projects and print, as the very last
#      line, "N passed, N failed" (", N skipped" is appended when > 0)
#
# Exit status is non-zero when a test failed, the restore/build failed, a test
# run failed or left no .trx (a crashed project counts as one failure), or no
# test ran at all. In every such case the last line still has the counts.
#
# Environment:
#   TEST_POSTGRES_CONNECTION  use this server; skip the local-binaries check
#   CR_CHROMIUM               the Chromium the browser tests drive
#                             (default /usr/bin/chromium)
#   CR_TEST_HANG_TIMEOUT      abort a test run when one test takes longer
#                             than this (default 15m; VSTest blame syntax)
set -euo pipefail

# shellcheck source=build/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The solution: CustomerRetention.sln, or the newer XML format .slnx.
SOLUTION="CustomerRetention.sln"
if [ ! -f "$CR_REPO_ROOT/$SOLUTION" ] && [ -f "$CR_REPO_ROOT/CustomerRetention.slnx" ]; then
    SOLUTION="CustomerRetention.slnx"
fi
RESULTS_DIR="$CR_REPO_ROOT/.test-results"
HANG_TIMEOUT="${CR_TEST_HANG_TIMEOUT:-15m}"

# Quiet, non-interactive, plain-text dotnet output (CI has no TTY/stdin).
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER=off

# ---------------------------------------------------------------------------
# The summary line. It is printed exactly once, last. The EXIT trap prints it
# as well when the script stops early (missing dotnet, failed build, ...), so
# the closing line is always there.
# ---------------------------------------------------------------------------
SUMMARY_PRINTED=false

# summary_line PASSED FAILED SKIPPED
summary_line() {
    if [ "$3" -gt 0 ]; then
        printf '%s passed, %s failed, %s skipped\n' "$1" "$2" "$3"
    else
        printf '%s passed, %s failed\n' "$1" "$2"
    fi
}

# finish PASSED FAILED SKIPPED EXIT_CODE
finish() {
    SUMMARY_PRINTED=true
    summary_line "$1" "$2" "$3"
    exit "$4"
}

on_exit() {
    local rc=$?
    if [ "$SUMMARY_PRINTED" = false ]; then
        [ "$rc" -ne 0 ] || rc=1
        echo "test.sh: stopped before the tests completed (exit $rc)" >&2
        SUMMARY_PRINTED=true
        summary_line 0 1 0
    fi
    exit "$rc"
}
trap on_exit EXIT

# report_and_exit RESULTS_DIR: print per-project and total counts, then exit.
#   Uses the globals PROJECT_NAMES, PROJECT_RC (filled by the test loop).
report_and_exit() {
    local results="$1" i name n_trx problems=0 status
    local -i extra_failures=0

    echo
    echo "================ Test summary ================"
    for i in "${!PROJECT_NAMES[@]}"; do
        name="${PROJECT_NAMES[$i]}"
        cr_count_trx "$results/$name"
        n_trx=$CR_TRX_FILES
        status="ok"
        if [ "$n_trx" -eq 0 ]; then
            # No .trx: the run crashed or never started. Count as a failure.
            status="NO RESULTS (crashed?), exit code ${PROJECT_RC[$i]}"
            extra_failures+=1
            problems=1
        elif [ "${PROJECT_RC[$i]}" -ne 0 ]; then
            status="test run failed (exit code ${PROJECT_RC[$i]})"
            problems=1
            # A failed run without a failing test (e.g. the test host died
            # after the tests, or a hang timeout) still counts as a failure.
            if [ "$CR_TRX_FAILED" -eq 0 ]; then extra_failures+=1; fi
        fi
        printf '  %-40s %4s passed %4s failed %4s skipped   %s\n' "$name" \
            "$CR_TRX_PASSED" "$CR_TRX_FAILED" "$CR_TRX_SKIPPED" "$status"
    done

    cr_count_trx "$results"
    local passed=$CR_TRX_PASSED skipped=$CR_TRX_SKIPPED
    local failed=$((CR_TRX_FAILED + extra_failures))
    echo "  trx files: $results"
    if [ "$CR_TRX_EXECUTED" -eq 0 ]; then
        echo "  ERROR: no test was executed." >&2
        problems=1
    fi
    if [ "$failed" -gt 0 ] || [ "$problems" -ne 0 ]; then
        finish "$passed" "$failed" "$skipped" 1
    fi
    finish "$passed" "$failed" "$skipped" 0
}

main() {
    cd "$CR_REPO_ROOT"

    command -v dotnet >/dev/null 2>&1 \
        || cr_die "'dotnet' was not found on PATH. Install the .NET 10 SDK."
    [ -f "$SOLUTION" ] || cr_die "$SOLUTION not found in $CR_REPO_ROOT"

    # --- PostgreSQL binaries for the tests' throwaway servers ---------------
    if [ -n "${TEST_POSTGRES_CONNECTION:-}" ]; then
        cr_info "TEST_POSTGRES_CONNECTION is set: tests use that server; not checking local PostgreSQL binaries"
    else
        cr_ensure_pg_bindir
        # Exported for the tests: CR_PG_BINDIR, and PATH so initdb/pg_ctl resolve.
        export PATH="$CR_PG_BINDIR:$PATH"
        cr_info "PostgreSQL server binaries: $CR_PG_BINDIR"
    fi

    # --- Chromium for the browser tests ------------------------------------
    cr_ensure_chromium
    cr_info "Chromium for the browser tests: ${CR_CHROMIUM:-/usr/bin/chromium}"

    # --- npm tools of the contract tests (lint gates, generated clients) -----
    cr_ensure_contract_tools

    # --- Restore and build --------------------------------------------------
    echo "==> dotnet restore $SOLUTION"
    if ! dotnet restore "$SOLUTION"; then
        echo "test.sh: RESTORE FAILED (see errors above)" >&2
        finish 0 1 0 1
    fi
    echo "==> dotnet build $SOLUTION -c Release -warnaserror"
    if ! dotnet build "$SOLUTION" -c Release --no-restore -warnaserror; then
        echo "test.sh: BUILD FAILED (see errors above)" >&2
        finish 0 1 0 1
    fi

    # --- Tests ----------------------------------------------------------------
    local -a projects=()
    local p
    shopt -s nullglob
    for p in tests/*/*.csproj; do projects+=("$p"); done
    shopt -u nullglob
    if [ "${#projects[@]}" -eq 0 ]; then
        echo "test.sh: no test projects found (tests/*/*.csproj)" >&2
        finish 0 0 0 1
    fi

    rm -rf "$RESULTS_DIR"
    mkdir -p "$RESULTS_DIR"

    PROJECT_NAMES=()
    PROJECT_RC=()
    local name rc
    for p in "${projects[@]}"; do
        name="$(basename "$p" .csproj)"
        # A helper library under tests/ (IsTestProject != true) has no tests
        # and would leave no .trx; don't mistake it for a crash.
        if [ "$(dotnet msbuild "$p" -getProperty:IsTestProject -p:Configuration=Release 2>/dev/null | tr -d '[:space:]')" != "true" ]; then
            echo
            echo "==> skipping $p (not a test project)"
            continue
        fi
        echo
        echo "==> dotnet test $p"
        rc=0
        dotnet test "$p" -c Release --no-build \
            --results-directory "$RESULTS_DIR/$name" \
            --logger "trx;LogFileName=$name.trx" \
            --logger "console;verbosity=normal" \
            --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
            || rc=$?
        PROJECT_NAMES+=("$name")
        PROJECT_RC+=("$rc")
    done

    # Drop the empty per-run folders VSTest leaves next to the .trx files.
    find "$RESULTS_DIR" -mindepth 1 -type d -empty -delete 2>/dev/null || true

    report_and_exit "$RESULTS_DIR"
}

# Allow `build/test.sh --count-only DIR` to summarise an existing results
# directory (one sub-directory per test project) without building anything.
if [ "${1:-}" = "--count-only" ]; then
    [ -d "${2:-}" ] || cr_die "usage: $0 --count-only RESULTS_DIR"
    PROJECT_NAMES=()
    PROJECT_RC=()
    shopt -s nullglob
    for d in "$2"/*/; do
        PROJECT_NAMES+=("$(basename "$d")")
        PROJECT_RC+=(0)
    done
    shopt -u nullglob
    report_and_exit "$2"
fi

case "${1:-}" in
    "") main ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; SUMMARY_PRINTED=true ;;
    *) cr_die "unknown argument: $1 (see --help)" ;;
esac
