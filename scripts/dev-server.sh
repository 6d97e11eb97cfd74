#!/usr/bin/env bash
# `make run`'s last step: with Redis reachable, a Celery worker and beat in the background (stopped
# with the server); without it, say so: Celery tasks then run inside the web process.
set -euo pipefail
host="${1:-127.0.0.1:8000}"
bin=.venv/bin
url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
logs=var/log

if "$bin/python" -c 'import sys, redis; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()' "$url" 2>/dev/null; then
  export REDIS_URL="$url"
  mkdir -p "$logs"
  "$bin/celery" -A takbai_ita worker -l info --logfile="$logs/celery-worker.log" &
  worker=$!
  "$bin/celery" -A takbai_ita beat -l info --logfile="$logs/celery-beat.log" --pidfile= &
  beat=$!
  trap 'kill "$worker" "$beat" 2>/dev/null || true; wait' EXIT
  echo "Celery worker (pid $worker) and beat (pid $beat) run on $REDIS_URL;"
  echo "their logs: $logs/celery-worker.log and $logs/celery-beat.log. They stop with the server."
else
  echo "No Redis at $url: no Celery worker or beat; tasks run in-process and schedules do not fire."
  echo "(Start Redis, or set REDIS_URL, and run make run again.)"
  # Empty, so the portal really runs without Redis: a REDIS_URL set but unreachable would still make
  # it the cache and the broker, and every page and report request would fail.
  export REDIS_URL=
fi
"$bin/python" manage.py runserver "$host"
