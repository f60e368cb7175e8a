#!/usr/bin/env bash
# Several app processes on one machine behind nginx, sharing one database: every core in use.
#
#   scripts/serve-multi.sh                      # one process per core, nginx on 127.0.0.1:8080
#   COACH_PROCESSES=4 COACH_FRONT=0.0.0.0:80 COACH_DATABASE_URL=postgresql+psycopg://... scripts/serve-multi.sh
#
# The database: COACH_DATABASE_URL when set (PostgreSQL for more than one process); else SQLite in
# COACH_DATA_DIR for one process, and for more the local PostgreSQL of scripts/ensure-postgres.sh
# (database coach_serve; a throwaway cluster, for trying the layout, not for a ward's data).
# nginx is Debian's package, installed when missing (needs root and apt). Routing is sticky by a cookie
# nginx sets on a browser's first request (coach_route): a page's event stream and the events it sends
# must reach the same process (Gradio keeps a page's queue in the process), and a cookie keeps a whole
# ward behind one hospital address spread over the processes, where routing by client address would not.
# Each process listens on loopback (COACH_BASE_PORT, the next ports up); the run folder
# (COACH_RUN_DIR) holds the nginx config, one log per process (app-N.log) and their pids (app-N.pid).
# The script prints "serve-multi: ready at URL" once every process answers, and stops them all on exit.
set -euo pipefail

PROCESSES="${COACH_PROCESSES:-$(nproc)}"
FRONT="${COACH_FRONT:-127.0.0.1:8080}"
BASE_PORT="${COACH_BASE_PORT:-7861}"
RUN_DIR="${COACH_RUN_DIR:-$(mktemp -d -t coach-serve-multi-XXXXXX)}"
PYTHON="${PYTHON:-.venv/bin/python}"
say() { echo "serve-multi: $*" >&2; }

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  "$(dirname "$0")/apt-install.sh" --no-recommends nginx nginx-light
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

if [ -z "${COACH_DATABASE_URL:-}" ] && [ "$PROCESSES" -gt 1 ]; then
  COACH_DATABASE_URL="$(COACH_PG_DB=coach_serve "$(dirname "$0")/ensure-postgres.sh" --url)"
  say "no COACH_DATABASE_URL: using the local PostgreSQL ($COACH_DATABASE_URL)"
fi
if [ -n "${COACH_DATABASE_URL:-}" ]; then export COACH_DATABASE_URL; fi

# Each process listens on loopback, so its own check that a public address has accounts (sign-in) would
# pass; the address the world reaches is nginx's, so that is the one checked.
"$PYTHON" - "${FRONT%:*}" <<'PY'
import sys

from coach.access.accounts import require_accounts_for
from coach.config import get_settings
from coach.store import Store

with Store(get_settings().db_url) as store:
    problem = require_accounts_for(sys.argv[1], store)
if problem:
    sys.exit(f"serve-multi: {problem}")
PY

mkdir -p "$RUN_DIR/tmp"
pids=()
stop() {
  trap - EXIT INT TERM
  [ -f "$RUN_DIR/nginx.pid" ] && kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

servers=""
for ((i = 0; i < PROCESSES; i++)); do
  port=$((BASE_PORT + i))
  # FORWARDED_ALLOW_IPS: the client address and scheme come from nginx's X-Forwarded-* headers.
  COACH_HOST=127.0.0.1 COACH_PORT="$port" FORWARDED_ALLOW_IPS=127.0.0.1 \
    "$PYTHON" -c "from coach.ui.launch import launch; launch()" >"$RUN_DIR/app-$i.log" 2>&1 &
  pids+=("$!")
  echo "$!" >"$RUN_DIR/app-$i.pid"
  servers+="    server 127.0.0.1:$port;"$'\n'
done

cat >"$RUN_DIR/nginx.conf" <<EOF
worker_processes 1;
pid $RUN_DIR/nginx.pid;
error_log $RUN_DIR/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $RUN_DIR/tmp/body;
  proxy_temp_path $RUN_DIR/tmp/proxy;
  fastcgi_temp_path $RUN_DIR/tmp/fastcgi;
  uwsgi_temp_path $RUN_DIR/tmp/uwsgi;
  scgi_temp_path $RUN_DIR/tmp/scgi;
  # A browser's first request gets a random route key, kept in a cookie; the key picks the process.
  map \$cookie_coach_route \$coach_route {
    "" \$request_id;
    default \$cookie_coach_route;
  }
  map \$cookie_coach_route \$coach_route_cookie {
    "" "coach_route=\$request_id; Path=/; HttpOnly; SameSite=Lax";
    default "";
  }
  upstream coach {
    hash \$coach_route consistent;
$servers    keepalive 64;
    # nginx closes an idle connection to a process before the process does (uvicorn after 5 s): were it
    # the other way round, a request sent on a connection the process is closing gets a 502 (seen once
    # at 140 trainees), which nginx does not retry for a POST.
    keepalive_timeout 4s;
  }
  server {
    listen $FRONT;
    client_max_body_size 2m;
    location / {
      proxy_pass http://coach;
      proxy_http_version 1.1;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header Connection "";
      # Gradio's event stream (SSE) goes to the browser as it comes, and may stay open for minutes.
      proxy_buffering off;
      proxy_read_timeout 1h;
      add_header Set-Cookie \$coach_route_cookie always;
      # Which process answered (a loopback port): for diagnosis and tests/test_serve_multi.py.
      add_header X-Coach-Upstream \$upstream_addr always;
    }
  }
}
EOF

for ((i = 0; i < PROCESSES; i++)); do
  url="http://127.0.0.1:$((BASE_PORT + i))/"
  for _ in $(seq 1 240); do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      say "error: app process $i exited; its log:"
      cat "$RUN_DIR/app-$i.log" >&2
      exit 1
    fi
    if "$PYTHON" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
done

"$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -g "daemon off;" 2>>"$RUN_DIR/nginx-error.log" &
pids+=("$!")
say "$PROCESSES app processes (pids ${pids[*]:0:$PROCESSES}), logs in $RUN_DIR"
say "ready at http://$FRONT/"
wait -n "${pids[@]}"
say "a process exited; stopping the others"
