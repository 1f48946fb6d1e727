#!/usr/bin/env bash
# Start the task worker in the background and the web server in the foreground;
# stopping the server (Ctrl+C) stops the worker too.
set -euo pipefail
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
"$PY" manage.py db_worker --queue-name '*' --interval 1 --no-reload &
worker=$!
"$PY" manage.py scheduler > var/scheduler.log 2>&1 &
scheduler=$!
trap 'kill "$worker" "$scheduler" 2>/dev/null || true' EXIT INT TERM
echo "Mahalla: http://127.0.0.1:${PORT}/  (task worker pid ${worker}; one-time codes appear in this log)"
"$PY" manage.py runserver "127.0.0.1:${PORT}" --noreload
