#!/usr/bin/env bash
# Runs the app's tests on the matrix {stable, current} x {sqlite, postgresql}:
#   stable  = Debian stable's /usr/bin/python3 packages (Django 3.2, DRF 3.14, simplejwt 5.2.2)
#   current = .ci/current-django.sh's folder on PYTHONPATH (Django 5.2, DRF 3.18, simplejwt 5.5.1)
# PostgreSQL 15 runs as a plain process on 127.0.0.1 for the duration. The last line is
# "N passed, N failed" (test cases over the whole matrix), which CI sums.
set -uo pipefail
cd "$(dirname "$0")"

PYTHON=/usr/bin/python3
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-54329}
WORK=$(mktemp -d /tmp/simplejwt-rotation.XXXXXX)
chmod 755 "$WORK"

stop_postgres() {
  if [[ -f "$WORK/pg/data/postmaster.pid" ]]; then
    su postgres -c "$PG_BIN/pg_ctl -D $WORK/pg/data -m fast -w stop" >/dev/null 2>&1
  fi
  rm -rf "$WORK"
}
trap stop_postgres EXIT

start_postgres() {
  mkdir -p "$WORK/pg/sock" && chown -R postgres "$WORK/pg"
  # initdb refuses root: the cluster belongs to the postgres user, in a folder it owns.
  su postgres -c "$PG_BIN/initdb -D $WORK/pg/data -A trust -U postgres" >"$WORK/pg/initdb.log" 2>&1 &&
    su postgres -c "$PG_BIN/pg_ctl -D $WORK/pg/data -l $WORK/pg/server.log -w -o \
      \"-k $WORK/pg/sock -p $PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off\" start" \
      >/dev/null 2>&1 &&
    su postgres -c "$PG_BIN/createdb -h $WORK/pg/sock -p $PG_PORT rotation"
}

CURRENT_SITE=""
if [[ -f ../../.ci/current-django.sh ]]; then
  CURRENT_SITE=$(bash ../../.ci/current-django.sh) || CURRENT_SITE=""
fi
CURRENT_SITE=${CURRENT_DJANGO_PYTHONPATH:-$CURRENT_SITE}

PG_OK=1
start_postgres || { PG_OK=0; echo "PostgreSQL did not start; see below" >&2; cat "$WORK"/pg/*.log >&2; }

total_passed=0
total_failed=0
total_skipped=0
summary=()
controls=()

run_cell() {  # stack db
  local stack=$1 db=$2 log="$WORK/$1-$2.log" pythonpath=""
  if [[ $stack == current ]]; then
    if [[ -z $CURRENT_SITE ]]; then
      summary+=("$stack/$db: NOT RUN (current stack unavailable)"); total_failed=$((total_failed + 1)); return
    fi
    pythonpath=$CURRENT_SITE
  fi
  if [[ $db == postgresql && $PG_OK != 1 ]]; then
    summary+=("$stack/$db: NOT RUN (PostgreSQL did not start)"); total_failed=$((total_failed + 1)); return
  fi
  local started=$SECONDS
  PYTHONPATH=$pythonpath TEST_DB=$db TEST_DB_DIR=$WORK PGHOST=$WORK/pg/sock PGPORT=$PG_PORT \
    timeout 300 "$PYTHON" runtests.py >"$log" 2>&1
  local rc=$?
  # unittest's last lines: "Ran N tests in …" then "OK", "OK (skipped=1)" or
  # "FAILED (failures=1, errors=2, skipped=3)". A skipped test is counted as skipped, not passed.
  local ran outcome failures errors skipped
  ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in.*/\1/p' "$log" | tail -1)
  outcome=$(grep -E '^(OK|FAILED)( \(.*\))?$' "$log" | tail -1)
  failures=$(sed -n 's/.*[(, ]failures=\([0-9]*\).*/\1/p' <<<"$outcome")
  errors=$(sed -n 's/.*[(, ]errors=\([0-9]*\).*/\1/p' <<<"$outcome")
  skipped=$(sed -n 's/.*[(, ]skipped=\([0-9]*\).*/\1/p' <<<"$outcome")
  ran=${ran:-0} failures=${failures:-0} errors=${errors:-0} skipped=${skipped:-0}
  local failed=$((failures + errors))
  # A crash before or after the tests (no "Ran" line, or a non-zero exit with nothing failed).
  if [[ $rc != 0 && $failed == 0 ]]; then failed=1; fi
  local passed=$((ran - failures - errors - skipped))
  ((passed < 0)) && passed=0
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  local verdict=OK
  [[ $rc != 0 ]] && verdict="FAILED (exit $rc)"
  summary+=("$stack/$db: $verdict, $passed passed, $failed failed, $skipped skipped, $((SECONDS - started)) s")
  controls+=("$(grep '^STOCK CONTROL' "$log" || echo "STOCK CONTROL [$stack/$db]: not reported")")
  if [[ $rc != 0 ]]; then
    echo "===== $stack/$db output =====" && cat "$log"
  fi
}

for stack in stable current; do
  for db in sqlite postgresql; do
    run_cell "$stack" "$db"
  done
done

echo
echo "simplejwt-rotation test matrix:"
printf '  %s\n' "${summary[@]}"
echo "What stock simplejwt's TokenRefreshView did (the control: its damage asserted, its split reported):"
printf '  %s\n' "${controls[@]}"
# Under CI's .ci/run, the tallies also go to the file that sums every runner (tools/run-tests.mjs's format).
if [[ -n "${TEST_TOTALS_FILE:-}" ]]; then
  printf '{"label":"%s","tallies":[{"passed":%d,"failed":%d,"skipped":%d}]}\n' \
    "${TEST_RUN_LABEL:-django-app}" "$total_passed" "$total_failed" "$total_skipped" \
    >>"$TEST_TOTALS_FILE"
fi
echo "$total_passed passed, $total_failed failed$( ((total_skipped)) && echo ", $total_skipped skipped")"
[[ $total_failed == 0 ]]
