#!/usr/bin/env bash
# `make serve-prod`: the production shape on one machine, for a trial — two app servers (gunicorn on 8001 and 8002),
# one task worker (database queue) and PostgreSQL (DATABASE_URL), caches in Redis (CACHE_URL). Put nginx with
# deploy/nginx.conf in front, or open http://127.0.0.1:8001/ and :8002/ directly. Ctrl-C stops all three.
# Trial keys are made here when none are given; a real installation keeps its keys in /etc/bangfu/keys.env.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export BANGFU_ENV=production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bangfu}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/1}"
# Imports, exports and matching runs go to the worker through the database queue: the app servers enqueue them.
export BANGFU_TASK_BACKEND="${BANGFU_TASK_BACKEND:-database}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"  # plain http on 127.0.0.1 for the trial only
export BANGFU_VAR_DIR="${BANGFU_VAR_DIR:-$PWD/var/prod}"
KEYS="$BANGFU_VAR_DIR/trial-keys.env"
mkdir -p "$BANGFU_VAR_DIR"
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -f "$KEYS" ]; then
    umask 077
    $PY - > "$KEYS" <<'PYEOF'
import base64, secrets
print(f"SECRET_KEY={secrets.token_urlsafe(60)}")
print(f"BANGFU_FIELD_KEYS={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}")
print(f"BANGFU_INDEX_KEY={secrets.token_urlsafe(32)}")
print(f"BANGFU_AUDIT_KEY={base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}")
PYEOF
    echo "trial keys written to $KEYS (outside the database; keep them out of its backups)"
  fi
  set -a; . "$KEYS"; set +a
fi
$PY manage.py migrate --noinput -v 0
$PY manage.py collectstatic --noinput -v 0
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
for port in 8001 8002; do
  BANGFU_BIND="127.0.0.1:$port" .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi & pids+=($!)
done
$PY manage.py task_worker --queue-name "*" & pids+=($!)
echo "Bangfu: http://127.0.0.1:8001/ and http://127.0.0.1:8002/ (one worker); Ctrl-C stops them"
wait -n
