#!/usr/bin/env bash
# build/bench.sh — performance benchmarks, measured on this machine (never in unit tests).
#
# Usage: build/bench.sh rfm|clv|import|alerts [--reuse]
#
#   rfm      1 000 000 customers and 10 000 000 completed orders (generated with binary COPY),
#            the API started in Release, a bare GROUP BY customer aggregate over the same orders
#            (three times), three RFM runs through the HTTP API (wall time from POST to
#            succeeded), each measurement on a quiet server (VACUUM ANALYZE before it), and the
#            API process's peak memory (VmHWM). Reports every figure, the best and the median.
#   clv      the same data; a CLV model job (BG/NBD + Gamma-Gamma fit and per-customer predictions
#            for every customer) through the HTTP API, wall time from POST to succeeded, twice,
#            and the API's peak memory.
#   import   1 000 000 customers in a deterministic CSV (CR_BENCH_IMPORT_ROWS): a raw binary COPY
#            of the same rows into the empty customers table (the baseline, rows built in memory
#            first so that only the COPY is timed), then, on the emptied table again, the file
#            through POST /api/v1/imports (wall time from the POST to succeeded: upload, staging,
#            merge, history and events). Reports both, rows per second and the ratio (SPEC §10.2:
#            at least 50 %).
#   alerts   the same data; an evaluation of a frequency-drop rule (90-day windows, every customer
#            in scope) through the HTTP API, wall time from POST to succeeded, twice (the second at
#            another asOf, so it updates and auto-resolves rather than opens), beside the bare
#            aggregate of the two windows' order counts per customer (best of three).
#   --reuse  keep the data of an earlier run when the counts match (skips generation).
#
# It uses its own PostgreSQL cluster (.data/bench-postgres, port 55433) so development data is
# never touched. Environment: CR_BENCH_CUSTOMERS, CR_BENCH_ORDERS (sizes), CR_BENCH_API_PORT, and
# CR_BENCH_PG_SETTINGS (extra postgresql.conf lines to try, e.g. "wal_level = minimal").
set -euo pipefail

# shellcheck source=build/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CASE="${1:-}"
REUSE=false
[ "${2:-}" = "--reuse" ] && REUSE=true
case "$CASE" in rfm | clv | import | alerts) ;; *) cr_die "usage: build/bench.sh rfm|clv|import|alerts [--reuse]" ;; esac

CUSTOMERS="${CR_BENCH_CUSTOMERS:-1000000}"
ORDERS="${CR_BENCH_ORDERS:-10000000}"
API_PORT="${CR_BENCH_API_PORT:-5090}"
API="http://127.0.0.1:$API_PORT"
export CR_PG_DATA="${CR_BENCH_PG_DATA:-$CR_REPO_ROOT/.data/bench-postgres}"
export CR_PG_PORT="${CR_BENCH_PG_PORT:-55433}"
# Server settings for a 2-core, 24 GiB machine holding a ~2 GB data set (see docs/performance.md).
export CR_PG_SETTINGS="shared_buffers = '2GB'
effective_cache_size = '8GB'
max_wal_size = '8GB'
checkpoint_timeout = '30min'
${CR_BENCH_PG_SETTINGS:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v curl >/dev/null || cr_die "curl is required"
"$CR_REPO_ROOT/build/postgres.sh" stop >/dev/null 2>&1 || true   # settings apply on start
"$CR_REPO_ROOT/build/postgres.sh" start >/dev/null
CONN="$("$CR_REPO_ROOT/build/postgres.sh" url)"
psql_bench() { "$CR_REPO_ROOT/build/postgres.sh" psql -X -q -A -t "$@"; }
now_ms() { date +%s%3N; }
LOG="$CR_REPO_ROOT/.data/bench-api.log"

cr_info "building (Release)"
dotnet build "$CR_REPO_ROOT/src/CustomerRetention.Api" -c Release -nologo -v q >/dev/null
dotnet build "$CR_REPO_ROOT/bench/CustomerRetention.Bench" -c Release -nologo -v q >/dev/null
API_DLL="$CR_REPO_ROOT/src/CustomerRetention.Api/bin/Release/net10.0/CustomerRetention.Api.dll"
GEN_DLL="$CR_REPO_ROOT/bench/CustomerRetention.Bench/bin/Release/net10.0/CustomerRetention.Bench.dll"

API_PID=""
stop_api() {
    if [ -n "$API_PID" ]; then
        kill "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
        API_PID=""
    fi
}
trap stop_api EXIT

# An admin API key for the benchmark's own requests: drawn once per bench cluster and kept beside it
# (the API stores it hashed on its first start and refuses another key with the same prefix).
BENCH_KEY_FILE="$CR_PG_DATA.api-key"
if [ ! -s "$BENCH_KEY_FILE" ]; then
    mkdir -p "$(dirname "$BENCH_KEY_FILE")"
    (umask 077 && printf 'cr_%s_%s\n' "$(head -c 600 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | head -c 8)" \
        "$(head -c 600 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | head -c 43)" >"$BENCH_KEY_FILE")
fi
BENCH_API_KEY="$(head -n 1 "$BENCH_KEY_FILE")"
export CR_BENCH_API_KEY="$BENCH_API_KEY" # the job timer's credential
start_api() {
    # Production needs its own cursor key: a fresh one per benchmark run.
    Auth__BootstrapApiKey="$BENCH_API_KEY" Pagination__CursorKey="${Pagination__CursorKey:-bench-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}" \
    ConnectionStrings__Postgres="$CONN" Database__MigrateOnStartup=true ASPNETCORE_ENVIRONMENT=Production \
        Logging__LogLevel__Default=Warning Logging__LogLevel__CustomerRetention=Information dotnet "$API_DLL" --urls "$API" >"$LOG" 2>&1 &
    API_PID=$!
    for _ in $(seq 1 120); do
        curl -sf "$API/health/ready" >/dev/null 2>&1 && return 0
        kill -0 "$API_PID" 2>/dev/null || break
        sleep 0.5
    done
    tail -n 30 "$LOG" >&2
    cr_die "the API did not become ready"
}

# 1. Schema (the API migrates at start-up), then data.
start_api

if [ "$CASE" = "import" ]; then
    ROWS="${CR_BENCH_IMPORT_ROWS:-1000000}"
    FILE="$CR_REPO_ROOT/.data/bench-import-customers.csv"
    cr_info "writing $ROWS customers to $FILE"
    dotnet "$GEN_DLL" import-file "$FILE" "$ROWS"
    empty() {
        psql_bench -c "TRUNCATE customers, events, imports CASCADE" -c "VACUUM ANALYZE" >/dev/null
    }
    empty
    cr_info "baseline: binary COPY of $ROWS rows into customers"
    copy_ms="$(dotnet "$GEN_DLL" import-copy "$CONN" "$ROWS")"
    copied="$(psql_bench -c "SELECT count(*) FROM customers")"
    empty
    cr_info "import of the same rows through POST /api/v1/imports"
    out="$(dotnet "$GEN_DLL" import "$API" "$FILE" "$BENCH_API_KEY")" || cr_die "the import did not succeed"
    import_ms="$(printf '%s\n' "$out" | sed -n 1p)"
    upload_ms="$(printf '%s\n' "$out" | sed -n 2p)"
    created="$(printf '%s\n' "$out" | sed -n 3p | grep -o '"created":[0-9]*' | cut -d: -f2)"
    events="$(psql_bench -c "SELECT count(*) FROM events WHERE type = 'customer.created'")"
    steps="$(grep -o 'Import [0-9a-f-]* succeeded: [^"]*' "$LOG" | tail -n 1)"
    peak_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")"
    rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }
    cat <<REPORT

Import benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB)
  file:            $ROWS customers, $(( $(stat -c %s "$FILE") / 1024 / 1024 )) MiB CSV
  raw binary COPY: ${copy_ms} ms ($copied rows, $(rate "$ROWS" "$copy_ms") rows/s)
  import (HTTP):   ${import_ms} ms POST to succeeded, upload ${upload_ms} ms ($created created, $events customer.created events, $(rate "$ROWS" "$import_ms") rows/s)
  import / COPY:   $(awk -v c="$copy_ms" -v i="$import_ms" 'BEGIN { printf "%.0f", 100 * c / i }') % of COPY's rows per second
  API peak memory: $(( peak_kb / 1024 )) MiB (VmHWM)
  job log:         $steps
REPORT
    exit 0
fi
have_customers="$(psql_bench -c "SELECT count(*) FROM customers")"
have_orders="$(psql_bench -c "SELECT count(*) FROM orders")"
if $REUSE && [ "$have_customers" = "$CUSTOMERS" ] && [ "$have_orders" = "$ORDERS" ]; then
    cr_info "reusing $have_customers customers and $have_orders orders"
    GENERATION="reused"
else
    stop_api
    cr_info "generating $CUSTOMERS customers and $ORDERS orders with COPY"
    t0=$(now_ms)
    dotnet "$GEN_DLL" "$CONN" "$CUSTOMERS" "$ORDERS"
    GENERATION="$(( ($(now_ms) - t0) / 1000 )) s"
    start_api
fi

# 2. Jobs through the HTTP API: wall time from POST to status succeeded, measured by one process
#    that polls the job every 100 ms (bench/CustomerRetention.Bench/JobTimer.cs).
RUN_MS=0
RUN_BODY=""
run_job() { # run_job PATH BODY
    local out
    out="$(dotnet "$GEN_DLL" job "$API" "$1" "$2")" || cr_die "the job $1 did not succeed"
    RUN_MS="${out%%$'\n'*}"
    RUN_BODY="${out#*$'\n'}"
}

# Measurements start on a quiet server: earlier writes vacuumed and analysed now, so that
# autovacuum does not start in the middle of a measurement and compete for the two cores.
quiet() {
    psql_bench -c "VACUUM ANALYZE" >/dev/null
}

if [ "$CASE" = "alerts" ]; then
    as_of="$(date -u +%Y-%m-%dT00:00:00Z)"
    quiet
    bare=()
    for _ in 1 2 3; do
        t0=$(now_ms)
        psql_bench -c "SET work_mem = '256MB'" \
            -c "SELECT count(*), sum(prev), sum(curr) FROM (SELECT customer_id, count(*) FILTER (WHERE ordered_at <= timestamptz '$as_of' - interval '90 days') AS prev, count(*) FILTER (WHERE ordered_at > timestamptz '$as_of' - interval '90 days') AS curr FROM orders WHERE status = 'completed' AND ordered_at > timestamptz '$as_of' - interval '180 days' AND ordered_at <= timestamptz '$as_of' GROUP BY customer_id) t" >/dev/null
        bare+=($(( $(now_ms) - t0 )))
    done
    rule="$(curl -sf -X POST "$API/api/v1/alert-rules" -H "X-Api-Key: $BENCH_API_KEY" -H 'Content-Type: application/json' \
        -d "{\"key\":\"bench-$(date +%s)\",\"name\":\"Bench frequency drop\",\"kind\":\"frequency-drop\",\"scope\":{\"stages\":[]},\"enabled\":true}" | grep -o '"id":"[^"]*"' | head -n1 | cut -d'"' -f4)"
    [ -n "$rule" ] || cr_die "could not create the rule"
    quiet; run_job "/api/v1/alert-rules/$rule/evaluations" "{\"asOf\":\"$as_of\"}"; first_ms=$RUN_MS; first="$RUN_BODY"
    quiet; run_job "/api/v1/alert-rules/$rule/evaluations" "{\"asOf\":\"$(date -u -d '+1 day ago' +%Y-%m-%dT00:00:00Z)\"}"; second_ms=$RUN_MS; second="$RUN_BODY"
    peak_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")"
    figures() { printf '%s' "$1" | grep -o '"figures":{[^}]*}[^}]*}' | head -n1; }
    cat <<REPORT

Alerts benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB)
  data:            $CUSTOMERS customers, $ORDERS completed orders (generation: $GENERATION)
  bare aggregate:  ${bare[*]} ms (the two 90-day windows' order counts per customer)
  evaluation (HTTP): first ${first_ms} ms at $as_of $(figures "$first")
                     second ${second_ms} ms a day earlier $(figures "$second")
  API peak memory: $(( peak_kb / 1024 )) MiB (VmHWM)
REPORT
    exit 0
fi

if [ "$CASE" = "clv" ]; then
    calibration="$(date -u +%Y-%m-%d)"
    quiet; run_job /api/v1/clv/models "{\"calibrationEnd\":\"$calibration\"}"; first_ms=$RUN_MS
    quiet; run_job /api/v1/clv/models "{\"calibrationEnd\":\"$calibration\"}"; second_ms=$RUN_MS
    customers="$(printf '%s' "$RUN_BODY" | grep -o '"customers":[0-9]*' | head -n1 | cut -d: -f2)"
    peak_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")"
    cat <<REPORT

CLV benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB)
  data:            $CUSTOMERS customers, $ORDERS completed orders (generation: $GENERATION)
  customers:       $customers with predictions
  model job (HTTP): first ${first_ms} ms, second ${second_ms} ms (POST to succeeded)
  API peak memory: $(( peak_kb / 1024 )) MiB (VmHWM)
REPORT
    exit 0
fi

# 3. The bare aggregate the run is compared with (same work_mem as the run; best of three). The
#    outer query consumes every aggregate, or PostgreSQL would skip computing them.
quiet
bare=()
for _ in 1 2 3; do
    t0=$(now_ms)
    psql_bench -c "SET work_mem = '256MB'" \
        -c "SELECT count(*), max(last), sum(n), sum(total) FROM (SELECT customer_id, max(ordered_at) AS last, count(*) AS n, sum(amount) AS total FROM orders WHERE status = 'completed' GROUP BY customer_id) t" >/dev/null
    bare+=($(( $(now_ms) - t0 )))
done

#    For transparency, the same aggregate planned the way a run plans it (customer-id slices at
#    the median of the histogram, enable_hashagg off: see RfmEngine), without writing anything.
split="$(psql_bench -c "SELECT (histogram_bounds::text::uuid[])[(array_length(histogram_bounds::text::uuid[], 1) + 1) / 2] FROM pg_stats WHERE tablename = 'orders' AND attname = 'customer_id'")"
slice() { echo "SELECT customer_id, max(ordered_at) AS last, count(*) AS n, sum(amount) AS total FROM orders WHERE status = 'completed' AND customer_id $1 '$split' GROUP BY customer_id"; }
sliced=()
for _ in 1 2 3; do
    t0=$(now_ms)
    psql_bench -c "SET work_mem = '256MB'" -c "SET enable_hashagg = off" \
        -c "SELECT count(*), max(last), sum(n), sum(total) FROM ($(slice '<') UNION ALL $(slice '>=')) t" >/dev/null
    sliced+=($(( $(now_ms) - t0 )))
done

# 4. Three RFM runs through the HTTP API, each on a quiet server.
runs=()
steps=()
for _ in 1 2 3; do
    quiet
    run_job /api/v1/rfm/runs '{}'
    runs+=("$RUN_MS")
    steps+=("$(grep -o 'steps: [^"]*' "$LOG" | tail -n 1 | cut -c8-)")
done
scored="$(printf '%s' "$RUN_BODY" | grep -o '"scoredCustomers":[0-9]*' | cut -d: -f2)"
peak_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$API_PID/status")"
best() { printf '%s\n' "$@" | sort -n | head -n1; }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
bare_best="$(best "${bare[@]}")"
run_best="$(best "${runs[@]}")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cat <<REPORT

RFM benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB)
  data:            $CUSTOMERS customers, $ORDERS completed orders (generation: $GENERATION)
  scored:          $scored customers
  bare aggregate:  ${bare[*]} ms (GROUP BY customer over the same orders; best ${bare_best} ms, median $(median "${bare[@]}") ms)
  as a run plans it: ${sliced[*]} ms (the same aggregate in two customer-id slices, hash aggregation off; best $(best "${sliced[@]}") ms)
  RFM runs (HTTP): ${runs[*]} ms (POST to succeeded; best ${run_best} ms, median $(median "${runs[@]}") ms)
  run / aggregate: $(ratio "$run_best" "$bare_best")x best to best, $(ratio "$(median "${runs[@]}")" "$(median "${bare[@]}")")x median to median ($(ratio "$run_best" "$(best "${sliced[@]}")")x the aggregate as a run plans it)
  API peak memory: $(( peak_kb / 1024 )) MiB (VmHWM)
  steps, run 1:    ${steps[0]}
  steps, run 2:    ${steps[1]}
  steps, run 3:    ${steps[2]}
REPORT
