#!/usr/bin/env bash
# The pytest part of `make test` (sqlite) or of `bash .ci/run` (postgres) in a checkout, run exactly as its
# Makefile runs it (its exported settings and its pytest options), for timing two checkouts side by side:
# alternate runs of the two, e.g. three each, and compare the medians of
#
#   /usr/bin/time -f %e bench/test_suite.sh sqlite .
#   /usr/bin/time -f %e bench/test_suite.sh sqlite ../baseline
#
# On postgres each checkout gets its own database and Redis database, so the two never share state.
set -euo pipefail
engine=$1
checkout=$(cd "$2" && pwd)
cd "$checkout"
slot=$(printf '%s' "$checkout" | cksum | cut -c1-6)
if [ "$engine" = postgres ]; then
  db="suite_$slot"
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 ||
    createdb -h 127.0.0.1 -U postgres "$db"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
  export TEST_REDIS_URL="redis://127.0.0.1:6379/$((slot % 8 + 8))" REQUIRE_WORKER_TESTS=1
fi
# $(PYTEST) is the test command of a Makefile that names it; an older one ran plain pytest.
exec make -s --eval 'suite-only: ; $(or $(PYTEST),$(BIN)/pytest) -q -p no:cacheprovider $(PYTEST_ARGS)' suite-only
